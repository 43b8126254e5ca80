// The frame the step-by-step scenes share, so they look and behave alike: the heading and
// the stepper stay on top, everything else scrolls below them.
#pragma once
#include <cstdint>

#include "app/widgets/stepper.h"

namespace vp::app {

// Heading, stepper, separator, then opens the scrolling content area; close with end_scene().
void begin_scene(const char* heading_text, int& step, int step_count, const char* const* titles, StepperState& state);
void end_scene();

// "Step 3: Scores" (translated) as a heading.
void step_heading(int step, const char* const* titles);

// "Weights: seed 7  [New weights]"; returns true when the button changed the seed.
bool seed_control(uint32_t& seed);

}  // namespace vp::app
