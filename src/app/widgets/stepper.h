// The step controls every scene shares:  [< Prev] [Next >] [Play]  then one button per step
// ("1 Inputs", "2 Q, K, V", ...; the current one lit), wrapping on narrow windows.
// The Left/Right arrow keys step too, unless a text field has the keyboard.
#pragma once

namespace vp::app {

struct StepperState {
  bool playing = false;
  double last_advance = 0;  // ImGui time of the last automatic step
};

// step: 1-based, changed in place. titles: step_count entries (already translated).
// Play advances every 2.5 s and stops on the last step. Returns true when the step changed.
bool stepper(int& step, int step_count, const char* const* titles, StepperState& state);

}  // namespace vp::app
