// parallel.h for a build without threads (WebAssembly without -pthread): one thread, the
// caller's, runs every task in order.
#include <string>

#include "nn/parallel.h"
#include "nn/tensor.h"

namespace vp {

void set_threads(int n) {
  if (n < 0) throw Error("thread count must be 0 (one per core) or more, got " + std::to_string(n));
}

int threads() { return 1; }

int available_threads() { return 1; }

void parallel_for(int tasks, const std::function<void(int)>& fn) {
  for (int i = 0; i < tasks; ++i) fn(i);
}

}  // namespace vp
