#include "app/step_scene.h"

#include <cstdio>

#include <imgui.h>

#include "app/i18n.h"
#include "app/widgets/text.h"
#include "nn/tensor.h"

namespace vp::app {

const char* StepScene::step_title(int step) const {
  const SceneStep& s = steps_[step - 1];
  return tr(s.title_en, s.title_zh);
}

void StepScene::draw_step_heading() const {
  char text[160];
  std::snprintf(text, sizeof(text), tr("Step %d: %s", "第 %d 步：%s"), step_, step_title(step_));
  heading(text);
}

void StepScene::draw() {
  const bool stepped = steps_.size() > 1;
  heading(heading_text());
  if (stepped) {
    std::vector<const char*> titles;
    for (int i = 1; i <= step_count(); ++i) titles.push_back(step_title(i));
    stepper(step_, step_count(), titles.data(), stepper_state_);
    ImGui::Separator();
  }
  draw_header();
  // one step: the page scrolls as a whole; several: the heading and stepper stay on top
  if (stepped) ImGui::BeginChild("content", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  try {
    draw_preamble();
    steps_[step_ - 1].draw();
  } catch (const Error& e) {
    error_text(e.what());
  }
  if (stepped) ImGui::EndChild();
}

}  // namespace vp::app
