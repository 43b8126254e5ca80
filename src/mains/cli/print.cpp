#include <cstdio>

#include "mains/cli/cli.h"
#include "train/training_loop.h"

namespace vp::cli {

void print_matrix(const std::string& name, const Mat& m) {
  std::printf("  %s %s\n", name.c_str(), shape_str(m).c_str());
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    std::printf("    [");
    for (Eigen::Index c = 0; c < m.cols(); ++c) std::printf("%s%11.4e", c ? ", " : "", double(m(r, c)));
    std::printf("]\n");
  }
}

void print_train_progress(const TrainProgress& p, int epochs, int batch_size, double seconds, const char* unit,
                          bool epoch_ended) {
  if (p.step % 25 != 0 && !epoch_ended) return;
  const double rate = p.step * batch_size / seconds;
  std::printf("\repoch %d/%d  step %d/%d  loss %.4f  lr %.2e  %.0f %s/s  ETA %.0f s   ", p.epoch + 1, epochs, p.step,
              p.total_steps, p.loss, p.lr, rate, unit, (p.total_steps - p.step) * batch_size / rate);
  std::fflush(stdout);
}

void print_trace_text(const Trace& trace) {
  int n = 0;
  for (const auto& step : trace.steps) {
    std::printf("Step %d: %s    %s\n", ++n, step.title.c_str(), step.formula.c_str());
    for (const auto& m : step.outputs) print_matrix(m.name, m.value);
    std::printf("\n");
  }
}

}  // namespace vp::cli
