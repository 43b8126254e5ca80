// The control of a scene whose weights are drawn at random: which seed, and a new one.
#pragma once
#include <cstdint>

namespace vp::app {

// "Weights: seed 7  [New weights]"; returns true when the button changed the seed.
bool seed_control(uint32_t& seed);

}  // namespace vp::app
