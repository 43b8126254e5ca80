// The step controls every scene shares: "< Prev  Step 3 / 6: Scores  Next >", play/pause,
// and the Left/Right arrow keys (only while the figure has keyboard focus).
#pragma once

namespace vp::app {

struct StepperState {
  bool playing = false;
  double last_advance = 0;  // ImGui time of the last automatic step
};

// step: 1-based, changed in place. titles: step_count entries (already translated).
// Returns true when the step changed this frame.
bool stepper(int& step, int step_count, const char* const* titles, StepperState& state);

}  // namespace vp::app
