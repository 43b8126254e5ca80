#include "app/app.h"

#include <algorithm>

#include <imgui.h>

#include "app/assets.h"
#include "app/engine_link.h"
#include "app/i18n.h"
#include "app/scene.h"
#include "app/training_controller.h"
#include "app/widgets/item_rects.h"
#include "app/widgets/text.h"
#include "lessons/share_state.h"
#include "formats/trace_export.h"
#include "platform/offer_file.h"

namespace vp::app {

const char* scene_names() {
  return "self-attention multi-head encoder decoder embedding positional-encoding cnn-vs-attention vit training";
}

namespace {

const char* lang_code() { return current_lang() == Lang::zh ? "zh" : "en"; }

std::string query_for(const Scene& s) { return share_query(s.name(), s.step(), lang_code(), s.export_inputs()); }

}  // namespace

std::vector<std::string> Scene::import_inputs(const nlohmann::json& inputs) {
  return check_share_inputs(inputs, export_inputs(), ShareSchema{}).notices;
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
  bool embedded = false;
  std::vector<std::string> notices;  // what the last applied query refused
  bool notices_dismissed = false;
  std::string app_url = "index.html", embed_url = "embed.html";
  bool copied = false;  // the share popup says "Copied"
  std::string exported;  // what the last Export did ("Downloaded trace.json", or why not)
  double last_frame = -1;  // seconds (frame_due)
  bool frame_wanted = false;  // the API changed something to show (frame_due)
  std::vector<EngineMessage> replies;  // taken by frame_due, handed out by frame()

  Scene& scene() { return *scenes[current]; }
  // Every scene's requests to the engine, after the frame (API calls between frames included).
  void post_requests() {
    for (auto& s : scenes)
      for (EngineMessage& request : s->take_requests()) post_to_engine(std::move(request));
  }
  void draw_notices();
  void draw_navigation();
  void draw_menu_bar();
  void draw_share();
  void draw_export();
  void draw_tutorial_link();
  void draw_about();
};

// The sidebar's contents: the scenes, the language, Share, Export, the tutorial link and About.
void App::Impl::draw_navigation() {
  ImGui::TextUnformatted("vitplay");
  ImGui::Separator();
  for (size_t i = 0; i < scenes.size(); ++i) {
    if (ImGui::Selectable(scenes[i]->title(), i == current)) current = i;
    note_item_rect("scene", scenes[i]->name());
  }
  ImGui::Separator();
  if (ImGui::RadioButton("English", current_lang() == Lang::en)) app::set_lang(Lang::en);
  ImGui::SameLine();
  if (ImGui::RadioButton("中文", current_lang() == Lang::zh)) app::set_lang(Lang::zh);
  ImGui::Separator();
  draw_share();
  draw_export();
  draw_tutorial_link();
  draw_about();
}

// A phone held upright has no room for the sidebar beside the scene: its contents open from
// a Menu button in a bar above the scene instead, and close once a scene is picked.
void App::Impl::draw_menu_bar() {
  if (ImGui::Button(tr("Menu", "菜单"))) ImGui::OpenPopup("navigation");
  note_item_rect("button", "menu");
  const ImVec2 below_button(ImGui::GetItemRectMin().x, ImGui::GetItemRectMax().y);
  ImGui::SameLine();
  ImGui::TextDisabled("vitplay: %s", scene().title());
  // opaque (the scene's text behind a translucent menu is hard to read), under the button
  ImGui::SetNextWindowPos(below_button);
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 14, 0));
  ImVec4 background = ImGui::GetStyleColorVec4(ImGuiCol_PopupBg);
  background.w = 1;
  ImGui::PushStyleColor(ImGuiCol_PopupBg, background);
  if (ImGui::BeginPopup("navigation")) {
    const size_t shown = current;
    draw_navigation();
    if (current != shown) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  ImGui::PopStyleColor();
  ImGui::Separator();
}

// The example tutorial page (web/examples/tutorial.html, next to the app in build/web/).
void App::Impl::draw_tutorial_link() {
  const std::string url = app_url.substr(0, app_url.rfind('/') + 1) + "examples/tutorial.html";
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(106, 166, 255, 255));
  if (ImGui::Selectable(tr("Tutorial with live figures", "带交互图的教程")) && !platform::open_link(url))
    ImGui::OpenPopup("tutorial");
  ImGui::PopStyleColor();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", url.c_str());
  if (ImGui::BeginPopup("tutorial")) {
    ImGui::TextUnformatted(tr("Open in a browser (build/web served over http):", "请在浏览器中打开（通过 http 提供 build/web）："));
    ImGui::TextDisabled("%s", url.c_str());
    ImGui::EndPopup();
  }
}

// About: vitplay's license and the third-party parts it is built from, with their licenses
// (LICENSE and THIRD_PARTY.md, compiled in by cmake/make_assets.py).
void App::Impl::draw_about() {
  // (in the phone's Menu, a plain Selectable would close the menu and the panel with it)
  if (ImGui::Selectable(tr("About vitplay", "关于 vitplay"), false, ImGuiSelectableFlags_DontClosePopups))
    ImGui::OpenPopup("about");
  note_item_rect("button", "about");
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float margin = ImGui::GetFontSize() * 1.5f;
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(ImGui::GetFontSize() * 40, vp->WorkSize.x - margin * 2),
                                  std::min(ImGui::GetFontSize() * 34, vp->WorkSize.y - margin * 2)));
  ImVec4 background = ImGui::GetStyleColorVec4(ImGuiCol_PopupBg);
  background.w = 1;  // opaque: on a phone it opens over the Menu
  ImGui::PushStyleColor(ImGuiCol_PopupBg, background);
  const bool open = ImGui::BeginPopup("about");
  ImGui::PopStyleColor();
  if (!open) return;
  // LICENSE: its first line names the license, a later one holds the copyright
  const std::string license = license_text();
  const std::string name = license.substr(0, license.find('\n'));
  const size_t at = license.find("Copyright");
  const std::string copyright = at == std::string::npos ? "" : license.substr(at, license.find('\n', at) - at);
  ImGui::TextUnformatted("vitplay");
  ImGui::TextWrapped(tr("Free software under the %s. %s.", "自由软件，采用 %s。%s。"), name.c_str(), copyright.c_str());
  note_item_rect("license", name);
  ImGui::TextWrapped("%s", tr("Built from these third-party parts, each under its own license (THIRD_PARTY.md next to the page):",
                              "由以下第三方组件构建，各自采用其许可证（见页面旁的 THIRD_PARTY.md）："));
  ImGui::Separator();
  ImGui::BeginChild("notices", ImVec2(0, 0));
  const char* section = "";
  for (const Notice* n = third_party_notices(); n->text; ++n) {
    if (std::string(n->section) != section) {
      section = n->section;
      ImGui::Spacing();
      ImGui::TextDisabled("%s", section);
    }
    if (*section == '\0') continue;  // the introduction repeats what the lines above say
    ImGui::Bullet();
    ImGui::TextWrapped("%s", n->text);
    const std::string text = n->text;
    note_item_rect("notice", text.substr(0, text.find(':')));
  }
  ImGui::EndChild();
  ImGui::EndPopup();
}

// Export: the current scene's trace (every matrix of its steps) as JSON or safetensors, the
// download or file a reader can open in NumPy / PyTorch.
void App::Impl::draw_export() {
  if (ImGui::Button(tr("Export", "导出"), ImVec2(-1, 0))) {
    exported.clear();
    ImGui::OpenPopup("export");
  }
  if (!ImGui::BeginPopup("export")) return;
  const Scene& s = scene();
  const std::string base = std::string(s.name()) + "-step" + std::to_string(s.step());
  ImGui::TextUnformatted(tr("The current scene's trace (every matrix of its steps):", "当前场景的计算过程（各步骤的所有矩阵）："));
  const bool json = ImGui::Button(tr("as JSON", "JSON 格式"));
  ImGui::SameLine();
  const bool tensors = ImGui::Button(tr("as safetensors", "safetensors 格式"));
  if (json || tensors) {
    try {
      const nlohmann::json state = s.state();
      if (!state.contains("trace")) throw Error("this scene has no trace to export");
      if (json) {
        const std::string text = state["trace"].dump(1);
        exported = platform::offer_file(base + ".json", std::vector<uint8_t>(text.begin(), text.end()), "application/json");
      } else {
        exported = platform::offer_file(
            base + ".safetensors",
            trace_safetensors(state["trace"], {{"scene", s.name()}, {"step", std::to_string(s.step())}}),
            "application/octet-stream");
      }
    } catch (const Error& e) {
      exported = e.what();
    }
  }
  if (!exported.empty()) ImGui::TextWrapped("%s", exported.c_str());
  ImGui::EndPopup();
}

void App::Impl::draw_notices() {
  if (notices.empty() || notices_dismissed) return;
  note(tr("Some settings in this link were refused and left at their defaults:", "链接中的部分设置被拒绝，保留了默认值："));
  for (const std::string& n : notices) error_text(n);
  if (ImGui::SmallButton(tr("OK", "知道了"))) notices_dismissed = true;
  ImGui::Separator();
}

// The Share button: a link to this state in the full app and the iframe line that embeds it.
void App::Impl::draw_share() {
  if (ImGui::Button(tr("Share", "分享"), ImVec2(-1, 0))) {
    copied = false;
    ImGui::OpenPopup("share");
  }
  note_item_rect("button", "share");
  if (!ImGui::BeginPopup("share")) return;
  const Scene& s = scene();
  const std::string query = query_for(s);
  const std::string link = app_url + "?" + query;
  const std::string iframe = "<iframe src=\"" + embed_url + "?" + query +
                             "\" width=\"800\" height=\"500\" frameborder=\"0\" loading=\"lazy\" title=\"vitplay: " +
                             s.name() + "\"></iframe>";
  // as wide as 32 characters, or the screen less a margin on a phone
  const float width = std::min(ImGui::GetFontSize() * 32, ImGui::GetMainViewport()->WorkSize.x - ImGui::GetFontSize() * 3);
  auto field = [&](const char* label, const char* id, const std::string& text, const char* copy) {
    ImGui::TextUnformatted(label);
    ImGui::PushID(id);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextDisabled("%s", text.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::Button(copy)) {
      ImGui::SetClipboardText(text.c_str());
      copied = true;
    }
    note_item_rect("button", std::string("copy-") + id);
    ImGui::PopID();
  };
  field(tr("Link to what is on screen:", "当前画面的链接："), "link", link, tr("Copy link", "复制链接"));
  ImGui::Spacing();
  field(tr("Embed it in a page:", "嵌入网页："), "iframe", iframe, tr("Copy iframe", "复制 iframe"));
  if (copied) ImGui::TextUnformatted(tr("Copied.", "已复制。"));
  ImGui::EndPopup();
}

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
  std::vector<EngineMessage> replies = std::move(impl_->replies);
  impl_->replies.clear();
  for (EngineMessage& reply : engine_replies()) replies.push_back(std::move(reply));
  for (const EngineMessage& reply : replies) {
    const bool for_training = reply.kind.rfind("train.", 0) == 0, for_all = reply.kind.rfind("engine.", 0) == 0;
    if (for_training || for_all) training().receive(reply);
    if (!for_training)
      for (auto& scene : impl_->scenes) scene->receive(reply);
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("vitplay", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);

  if (impl_->embedded) {  // a figure in someone's page: the scene alone
    impl_->draw_notices();
    impl_->scene().draw();
    ImGui::End();
    impl_->post_requests();
    return;
  }
  // Below 600 unscaled pixels (a phone held upright) the sidebar becomes a menu above the
  // scene; narrow desktop windows (800 px) keep it, shrunk to 22% of the width.
  constexpr float kMenuBarBelowWidth = 600;
  if (vp->WorkSize.x < kMenuBarBelowWidth * impl_->scale) {
    impl_->draw_menu_bar();
  } else {
    const float sidebar_width = std::clamp(vp->WorkSize.x * 0.22f, 150.0f * impl_->scale, 220.0f * impl_->scale);
    ImGui::BeginChild("sidebar", ImVec2(sidebar_width, 0), true);
    impl_->draw_navigation();
    ImGui::EndChild();
    ImGui::SameLine();
  }
  ImGui::BeginChild("scene", ImVec2(0, 0), false);
  impl_->draw_notices();
  impl_->scene().draw();
  ImGui::EndChild();
  ImGui::End();
  impl_->post_requests();
}

namespace {
constexpr double kQuietSeconds = 0.5, kBusyFramePeriod = 0.1;  // frame_due
}  // namespace

bool App::engine_busy() const { return training().busy() || waiting_for_engine(); }

bool App::frame_due(double now, double last_input) {
  for (EngineMessage& reply : engine_replies()) impl_->replies.push_back(std::move(reply));
  // a reply (a run's state, a ViT stage) or a change through the API is shown, and the
  // requests it leads to are posted, at once
  const bool due = !engine_busy() || now - last_input < kQuietSeconds || !impl_->replies.empty() ||
                   impl_->frame_wanted || now - impl_->last_frame >= kBusyFramePeriod;
  if (due) impl_->last_frame = now, impl_->frame_wanted = false;
  return due;
}

double App::seconds_to_next_frame(double now) const {
  if (!engine_busy()) return 0;
  return std::max(0.0, impl_->last_frame + kBusyFramePeriod - now);
}

std::string App::set_scene(const std::string& name) {
  impl_->frame_wanted = true;
  for (size_t i = 0; i < impl_->scenes.size(); ++i)
    if (name == impl_->scenes[i]->name()) {
      impl_->current = i;
      return "";
    }
  return "unknown scene '" + name + "' (scenes: " + scene_names() + ")";
}

std::string App::set_step(int step) {
  impl_->frame_wanted = true;
  return impl_->scene().set_step(step);
}

namespace {
// Runs open on the ViT scene; the scene becomes the current one when it takes the file.
template <class Open>
std::string open_in_vit_scene(App& app, std::vector<std::unique_ptr<Scene>>& scenes, Open open) {
  for (auto& s : scenes)
    if (std::string(s->name()) == "vit") {
      std::string refused = open(*s);
      if (refused.empty()) app.set_scene("vit");
      return refused;
    }
  return "this build has no ViT scene";
}
}  // namespace

std::string App::open_image(const std::string& file_name, RgbaImage image) {
  impl_->frame_wanted = true;
  return open_in_vit_scene(*this, impl_->scenes, [&](Scene& s) { return s.open_image(file_name, std::move(image)); });
}

std::string App::open_file(const std::string& file_name, const std::vector<uint8_t>& bytes) {
  impl_->frame_wanted = true;
  return open_in_vit_scene(*this, impl_->scenes, [&](Scene& s) { return s.open_data(file_name, bytes); });
}

std::string App::files_state() const {
  for (const auto& s : impl_->scenes)
    if (std::string(s->name()) == "vit") return s->files_state().dump();
  return "null";
}

bool App::waiting_for_engine() const {
  for (const auto& s : impl_->scenes)
    if (s->waiting_for_engine()) return true;
  return false;
}

std::string App::set_lang(const std::string& lang) {
  impl_->frame_wanted = true;
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
  j["lang"] = lang_code();
  std::string notice;
  for (const std::string& n : impl_->notices) notice += (notice.empty() ? "" : "; ") + n;
  j["notice"] = notice;
  j["query"] = share_query();
  if (training().exists()) j["training"] = training().state();
  return j.dump();
}

std::string App::start_training(const std::string& options_json) {
  impl_->frame_wanted = true;
  const auto options = nlohmann::json::parse(options_json, nullptr, /*allow_exceptions=*/false);
  if (options.is_discarded()) return "startTraining: the options are not valid JSON";
  return training().start(options);
}

void App::stop_training() {
  impl_->frame_wanted = true;
  training().pause();
}

std::string App::share_query() const { return query_for(impl_->scene()); }

void App::apply_query(const std::string& query) {
  impl_->frame_wanted = true;
  std::vector<ShareScene> scenes;
  for (const auto& s : impl_->scenes) scenes.push_back({s->name(), s->step_count()});
  ShareState defaults;
  defaults.scene = impl_->scene().name();
  defaults.step = impl_->scene().step();
  defaults.lang = lang_code();
  ShareState st = parse_share_query(query, scenes, defaults);
  set_scene(st.scene);
  set_lang(st.lang);
  if (!st.inputs.empty())
    for (std::string& n : impl_->scene().import_inputs(st.inputs)) st.notices.push_back(std::move(n));
  set_step(st.step);
  impl_->notices = std::move(st.notices);
  impl_->notices_dismissed = false;
}

void App::set_embedded(bool embedded) { impl_->embedded = embedded; }

void App::set_share_urls(const std::string& app_url, const std::string& embed_url) {
  impl_->app_url = app_url;
  impl_->embed_url = embed_url;
}

std::string App::set_input(const std::string& name, const std::string& value_json) {
  impl_->frame_wanted = true;
  if (value_json.size() > kMaxShareStateChars) return "the value of input '" + name + "' is too long";
  nlohmann::json value = nlohmann::json::parse(value_json, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return "the value of input " + quote_for_notice(name) + " is not valid JSON";
  Scene& s = impl_->scene();
  const nlohmann::json before = s.export_inputs();
  if (!before.contains(name))
    return "scene " + std::string(s.name()) + " has no input " + quote_for_notice(name) +
           (before.empty() ? " (it takes none)" : "");
  std::string refused;
  for (const std::string& n : s.import_inputs({{name, value}})) refused += (refused.empty() ? "" : "; ") + n;
  return refused;
}

}  // namespace vp::app
