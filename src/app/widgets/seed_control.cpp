#include "app/widgets/scene_frame.h"

#include <cstdio>

#include <imgui.h>

#include "app/i18n.h"
#include "app/widgets/text.h"

namespace vp::app {

void begin_scene(const char* heading_text, int& step, int step_count, const char* const* titles, StepperState& state) {
  heading(heading_text);
  stepper(step, step_count, titles, state);
  ImGui::Separator();
  ImGui::BeginChild("content", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
}

void end_scene() { ImGui::EndChild(); }

void step_heading(int step, const char* const* titles) {
  char text[160];
  std::snprintf(text, sizeof(text), tr("Step %d: %s", "第 %d 步：%s"), step, titles[step - 1]);
  heading(text);
}

bool seed_control(uint32_t& seed) {
  ImGui::AlignTextToFramePadding();
  ImGui::Text(tr("Weights: seed %u", "权重：种子 %u"), static_cast<unsigned>(seed));
  ImGui::SameLine();
  if (!ImGui::Button(tr("New weights", "换一组权重"))) return false;
  ++seed;
  return true;
}

}  // namespace vp::app
