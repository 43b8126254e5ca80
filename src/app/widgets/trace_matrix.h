// Looking up a matrix a core function recorded, for scenes that draw a trace step by step.
#pragma once
#include <string>

#include "nn/trace.h"

namespace vp::app {

// The output (or else input) called `name` of the step `step_id`; an empty matrix when the
// trace has no such step or matrix, so a scene shows "(empty)" instead of failing.
const Mat& trace_matrix(const Trace& trace, const std::string& step_id, const std::string& name);

}  // namespace vp::app
