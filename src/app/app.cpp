#include "app/app.h"

#include <algorithm>

#include <imgui.h>

#include "app/assets.h"
#include "app/i18n.h"
#include "app/scene.h"

namespace vp::app {

const char* scene_names() {
  return "self-attention multi-head encoder decoder embedding positional-encoding cnn-vs-attention";
}

std::string Scene::set_step(int step) {
  if (step < 1 || step > step_count())
    return "step " + std::to_string(step) + " is out of range for scene " + name() + " (1.." +
           std::to_string(step_count()) + ")";
  step_ = step;
  return "";
}

struct App::Impl {
  std::vector<std::unique_ptr<Scene>> scenes;
  size_t current = 0;
  float scale = 0;  // 0: fonts not built yet

  Scene& scene() { return *scenes[current]; }
};

App::App(const AppOptions& options) : impl_(new Impl) {
  impl_->scenes = make_scenes();
  set_scene(options.scene);
  set_step(options.step);
  set_lang(options.lang);
}

App::~App() = default;

float App::ui_scale() const { return impl_->scale; }

void App::set_ui_scale(float scale) {
  if (scale < 0.5f) scale = 0.5f;
  if (scale > 4.0f) scale = 4.0f;
  impl_->scale = scale;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  EmbeddedFile font = ui_font();
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // the bytes are static
  config.OversampleH = 2;
  io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(font.data), static_cast<int>(font.size),
                                 16.0f * scale, &config, reinterpret_cast<const ImWchar*>(ui_font_glyph_ranges()));
  io.Fonts->Build();
  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 0;
  style.FrameRounding = 3;
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

void App::frame() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("vitplay", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);

  // narrow windows (800 px) give the scene more room: the sidebar shrinks to 22% of the width
  const float sidebar_width = std::clamp(vp->WorkSize.x * 0.22f, 150.0f * impl_->scale, 220.0f * impl_->scale);
  ImGui::BeginChild("sidebar", ImVec2(sidebar_width, 0), true);
  ImGui::TextUnformatted("vitplay");
  ImGui::Separator();
  for (size_t i = 0; i < impl_->scenes.size(); ++i) {
    if (ImGui::Selectable(impl_->scenes[i]->title(), i == impl_->current)) impl_->current = i;
  }
  ImGui::Separator();
  if (ImGui::RadioButton("English", current_lang() == Lang::en)) set_lang("en");
  ImGui::SameLine();
  if (ImGui::RadioButton("中文", current_lang() == Lang::zh)) set_lang("zh");
  ImGui::EndChild();

  ImGui::SameLine();
  ImGui::BeginChild("scene", ImVec2(0, 0), false);
  impl_->scene().draw();
  ImGui::EndChild();
  ImGui::End();
}

std::string App::set_scene(const std::string& name) {
  for (size_t i = 0; i < impl_->scenes.size(); ++i)
    if (name == impl_->scenes[i]->name()) {
      impl_->current = i;
      return "";
    }
  return "unknown scene '" + name + "' (scenes: " + scene_names() + ")";
}

std::string App::set_step(int step) { return impl_->scene().set_step(step); }

std::string App::set_lang(const std::string& lang) {
  if (lang == "en") app::set_lang(Lang::en);
  else if (lang == "zh") app::set_lang(Lang::zh);
  else return "unknown language '" + lang + "' (en or zh)";
  return "";
}

std::string App::state_json() const {
  Scene& s = impl_->scene();
  nlohmann::json j = s.state();
  j["scene"] = s.name();
  j["step"] = s.step();
  j["steps"] = s.step_count();
  j["lang"] = current_lang() == Lang::zh ? "zh" : "en";
  return j.dump();
}

}  // namespace vp::app
