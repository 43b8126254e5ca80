// The core's threads: one small persistent pool that the heavy loops hand their independent
// pieces to (a mini-batch's chunks in training, blocks of rows of a big matrix product).
//
//   parallel_for(tasks, fn):  fn(0), fn(1), ..., fn(tasks - 1), each exactly once, spread over
//                             threads() threads (the caller is one of them), returning when all
//                             are done
//
// Tasks must be independent: each writes only its own output. Which thread runs which task is not
// fixed, so a caller that sums results does so afterwards, in task order, and gets the same
// numbers for a given split on every run.
//
// CMake picks the implementation (VITPLAY_THREADS): parallel_threads.cpp with std::thread
// natively, parallel_serial.cpp where the build has no threads (WebAssembly without -pthread),
// which runs every task on the caller's thread.
#pragma once
#include <functional>

namespace vp {

// The largest thread count set_threads accepts: more threads than this only adds overhead for
// products of the core's sizes.
constexpr int kMaxThreads = 64;

// Uses n threads from now on (the caller's included); 0 means one per core
// (std::thread::hardware_concurrency()), and n above kMaxThreads is kMaxThreads. A build
// without threads stays at 1. Throws vp::Error for n < 0. Not to be called from inside a task.
void set_threads(int n);

// The thread count parallel_for uses (1 until set_threads says otherwise).
int threads();

// The threads a parallel_for called here would get: 1 inside a task (it runs inline there),
// else threads(). A loop splits its work only when this is above 1.
int available_threads();

// Runs fn(i) for i in [0, tasks) and returns when every call has returned. Runs them inline, in
// order, on the caller's thread when threads() is 1, when tasks < 2, when called from inside a
// task (no nested parallelism: the outer loop already keeps the threads busy) or while another
// thread's parallel_for holds the pool. If tasks throw, the exception of the lowest-numbered
// task that threw is rethrown here, the one a loop in order meets first: on the pool once every
// task has run, inline at once.
void parallel_for(int tasks, const std::function<void(int)>& fn);

}  // namespace vp
