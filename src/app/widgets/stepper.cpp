#include "app/widgets/stepper.h"

#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "app/i18n.h"
#include "app/widgets/item_rects.h"
#include "app/widgets/matrix_view.h"

namespace vp::app {

namespace {
constexpr double kPlaySeconds = 2.5;  // long enough to read a step's matrices
}

bool stepper(int& step, int step_count, const char* const* titles, StepperState& state) {
  const int before = step;
  ImGui::PushID("stepper");
  ImGui::BeginDisabled(step <= 1);
  if (ImGui::Button(tr("< Prev", "< 上一步"))) --step;
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(step >= step_count);
  if (ImGui::Button(tr("Next >", "下一步 >"))) ++step;
  note_item_rect("button", "next");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(state.playing ? tr("Pause", "暂停") : tr("Play", "播放"))) {
    state.playing = !state.playing;
    if (state.playing && step >= step_count) step = 1;  // play again from the start
    state.last_advance = ImGui::GetTime();
  }
  ImGui::SameLine();
  ImGui::TextDisabled("%s", tr("(or the Left/Right keys)", "（或按左右方向键）"));

  // one button per step, the current one lit
  for (int i = 1; i <= step_count; ++i) {
    char text[160];
    std::snprintf(text, sizeof(text), "%d  %s", i, titles[i - 1]);
    const ImVec2 size(ImGui::CalcTextSize(text).x + ImGui::GetStyle().FramePadding.x * 2, ImGui::GetFrameHeight());
    if (i > 1) same_line_if_fits(size.x);
    const bool current = i == step;
    if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(text, size)) step = i;
    if (current) ImGui::PopStyleColor();
  }
  ImGui::PopID();

  const ImGuiIO& io = ImGui::GetIO();
  if (!io.WantTextInput && ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows)) {
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) --step;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) ++step;
  }
  if (state.playing && ImGui::GetTime() - state.last_advance >= kPlaySeconds) {
    state.last_advance = ImGui::GetTime();
    if (step < step_count) ++step;
    if (step >= step_count) state.playing = false;
  }
  step = std::clamp(step, 1, step_count);
  if (step != before && !state.playing) state.last_advance = ImGui::GetTime();
  return step != before;
}

}  // namespace vp::app
