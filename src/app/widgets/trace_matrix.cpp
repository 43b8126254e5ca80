#include "app/widgets/trace_matrix.h"

namespace vp::app {

const Mat& trace_matrix(const Trace& trace, const std::string& step_id, const std::string& name) {
  static const Mat empty;
  const TraceStep* step = trace.find_step(step_id);
  if (!step) return empty;
  for (const auto* list : {&step->outputs, &step->inputs})
    for (const TraceMatrix& m : *list)
      if (m.name == name) return m.value;
  return empty;
}

}  // namespace vp::app
