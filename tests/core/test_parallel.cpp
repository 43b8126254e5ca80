// The thread pool (nn/parallel.h): every task exactly once, nested loops inline, a task's
// exception in the caller. Under node (no threads in the WebAssembly build) set_threads stays
// at 1 and the tasks run in order on the caller's thread.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "nn/parallel.h"

namespace {

// Sets the thread count for one test and goes back to one thread after it, whatever happens.
struct Threads {
  explicit Threads(int n) { vp::set_threads(n); }
  ~Threads() { vp::set_threads(1); }
};

}  // namespace

TEST_CASE("parallel_for runs every task exactly once", "[parallel]") {
  const Threads threads(2);
  for (const int tasks : {0, 1, 2, 3, 1000}) {
    std::vector<std::atomic<int>> runs(static_cast<size_t>(tasks));
    vp::parallel_for(tasks, [&](int i) { ++runs[static_cast<size_t>(i)]; });
    for (const auto& r : runs) CHECK(r == 1);
  }
}

TEST_CASE("parallel_for inside a task runs inline, in order, on the task's thread", "[parallel]") {
  const Threads threads(2);
  std::vector<std::vector<int>> order(4);
  std::vector<bool> same_thread(4, false);
  std::vector<int> available(4, 0);
  vp::parallel_for(4, [&](int task) {
    const std::thread::id outer = std::this_thread::get_id();
    bool same = true;
    available[static_cast<size_t>(task)] = vp::available_threads();
    vp::parallel_for(5, [&](int i) {
      order[static_cast<size_t>(task)].push_back(i);
      same = same && std::this_thread::get_id() == outer;
    });
    same_thread[static_cast<size_t>(task)] = same;
  });
  for (int task = 0; task < 4; ++task) {
    CHECK(order[static_cast<size_t>(task)] == std::vector<int>{0, 1, 2, 3, 4});
    CHECK(same_thread[static_cast<size_t>(task)]);
    CHECK(available[static_cast<size_t>(task)] == 1);
  }
}

TEST_CASE("parallel_for rethrows the lowest-numbered task's exception, and the pool goes on", "[parallel]") {
  const Threads threads(2);
  CHECK_THROWS_WITH(vp::parallel_for(16,
                                     [](int i) {
                                       if (i == 5 || i == 11) throw vp::Error("task " + std::to_string(i));
                                     }),
                    "task 5");
  std::atomic<int> sum{0};
  vp::parallel_for(8, [&](int i) { sum += i; });
  CHECK(sum == 28);
}

TEST_CASE("set_threads: 0 is one per core, large counts are capped, negative ones refused", "[parallel][errors]") {
  const Threads threads(0);
  CHECK(vp::threads() >= 1);
  vp::set_threads(1000);
  CHECK(vp::threads() <= vp::kMaxThreads);
  CHECK_THROWS_WITH(vp::set_threads(-1), Catch::Contains("got -1"));
  vp::set_threads(1);
  CHECK(vp::threads() == 1);
  CHECK(vp::available_threads() == 1);
}

