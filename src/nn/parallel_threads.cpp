// parallel.h with std::thread: threads() - 1 workers and the calling thread share each job.
//
// A job is published in one 64-bit word, work_ = (job number << 32) | next task: a thread claims
// a task by raising the low half with compare-and-swap, which fails once the word names another
// job, so a late thread never takes a task of the wrong job. The last task to finish lets the
// caller return.
//
// Waking a sleeping thread costs 30-50 us here (a condition variable's futex, and on a virtual
// machine the other core's wake-up), about as long as one of ViT-Ti's products on one image
// takes on half the rows. So workers spin (then yield) for a while after a job, where the next
// one of a ViT forward comes within microseconds, and only then sleep on the condition variable;
// the caller spins (then yields) until the last task is done.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "nn/parallel.h"
#include "nn/tensor.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define VITPLAY_PAUSE() _mm_pause()
#else
#define VITPLAY_PAUSE() std::this_thread::yield()
#endif

namespace vp {
namespace {

// How long a worker looks for the next job before it sleeps: longer than the gaps between
// the products of a ViT forward (its LayerNorms, softmaxes, GELUs), short enough to give the
// core back soon after a forward or a training batch.
constexpr auto kSpin = std::chrono::microseconds(200);
// Spins of a waiting thread (tens of nanoseconds each) before it yields between looks instead:
// on a machine whose other cores are busy, a waiting thread then gives its core to whoever needs
// it (the thread it waits for, too) rather than burning the rest of its time slice.
constexpr int kPauses = 2048;

// Set on the workers and, while it runs tasks, on the caller: a parallel_for from inside a task
// runs inline.
thread_local bool in_task = false;

uint32_t job_of(uint64_t work) { return static_cast<uint32_t>(work >> 32); }
uint32_t task_of(uint64_t work) { return static_cast<uint32_t>(work); }

class Pool {
 public:
  ~Pool() { stop_workers(); }

  // threads (the caller included): the workers are stopped and started again
  void resize(int threads) {
    stop_workers();
    try {
      while (static_cast<int>(workers_.size()) < threads - 1) workers_.emplace_back([this] { work(); });
    } catch (...) {
      threads_ = static_cast<int>(workers_.size()) + 1;  // what did start is used
      throw;
    }
    threads_ = threads;
  }

  int threads() const { return threads_; }
  std::mutex& job_mutex() { return job_; }

  // fn(0..tasks-1) on the workers and the caller; rethrows the lowest-numbered task's exception
  void run(int tasks, const std::function<void(int)>& fn) {
    fn_ = &fn;
    tasks_ = static_cast<uint32_t>(tasks);
    finished_ = 0;
    error_ = nullptr;
    const uint32_t job = job_of(work_) + 1;
    work_ = static_cast<uint64_t>(job) << 32;  // publishes the job: fn_ and tasks_ are set before
    {
      std::lock_guard<std::mutex> lock(sleep_);  // a worker deciding to sleep sees the job or is woken
    }
    wake_.notify_all();
    in_task = true;
    run_tasks(job);
    in_task = false;
    for (int spins = 0; finished_ != tasks_; ++spins) spins < kPauses ? VITPLAY_PAUSE() : std::this_thread::yield();
    fn_ = nullptr;
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::mutex job_;    // held by the parallel_for using the pool, and by set_threads
  std::mutex sleep_;  // with wake_: workers sleep between jobs
  std::mutex error_mutex_;
  std::condition_variable wake_;
  std::vector<std::thread> workers_;
  std::atomic<int> threads_{1};
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> work_{0};  // (job << 32) | next task to hand out
  std::atomic<const std::function<void(int)>*> fn_{nullptr};
  std::atomic<uint32_t> tasks_{0}, finished_{0};
  int failed_ = 0;  // the lowest task that threw, when error_ is set (both under error_mutex_)
  std::exception_ptr error_;

  // Claims and runs tasks of `job` until none is left or another job has replaced it.
  void run_tasks(uint32_t job) {
    for (;;) {
      uint64_t work = work_;
      if (job_of(work) != job) return;
      const uint32_t tasks = tasks_;
      if (task_of(work) >= tasks) return;
      if (!work_.compare_exchange_weak(work, work + 1)) continue;
      // task_of(work) < tasks is unfinished, so the job cannot end and fn_ is still its function
      const int task = static_cast<int>(task_of(work));
      try {
        (*fn_.load())(task);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex_);
        if (!error_ || task < failed_) error_ = std::current_exception(), failed_ = task;
      }
      ++finished_;
    }
  }

  void work() {
    in_task = true;
    uint32_t seen = job_of(work_);
    for (;;) {
      // spin a while for the next job, then sleep until one comes
      const auto until = std::chrono::steady_clock::now() + kSpin;
      for (int spins = 0; job_of(work_) == seen && !stop_; ++spins)
        if (spins % 64 == 63 && std::chrono::steady_clock::now() > until) {
          std::unique_lock<std::mutex> lock(sleep_);
          wake_.wait(lock, [&] { return job_of(work_) != seen || stop_; });
        } else if (spins < kPauses) {
          VITPLAY_PAUSE();
        } else {
          std::this_thread::yield();
        }
      if (stop_) return;
      seen = job_of(work_);
      run_tasks(seen);
    }
  }

  void stop_workers() {
    {
      std::lock_guard<std::mutex> lock(sleep_);
      stop_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : workers_) t.join();
    workers_.clear();
    stop_ = false;
    threads_ = 1;
  }
};

Pool& pool() {
  static Pool p;
  return p;
}

}  // namespace

void set_threads(int n) {
  if (n < 0) throw Error("thread count must be 0 (one per core) or more, got " + std::to_string(n));
  // hardware_concurrency() may say 0 when it cannot tell
  const int wanted = std::min(n == 0 ? std::max(1, static_cast<int>(std::thread::hardware_concurrency())) : n,
                              kMaxThreads);
  Pool& p = pool();
  std::lock_guard<std::mutex> job(p.job_mutex());
  if (wanted != p.threads()) p.resize(wanted);
}

int threads() { return pool().threads(); }

int available_threads() { return in_task ? 1 : pool().threads(); }

void parallel_for(int tasks, const std::function<void(int)>& fn) {
  Pool& p = pool();
  // inline: nothing to share, a nested call, one thread, or another thread's job holds the pool
  std::unique_lock<std::mutex> job(p.job_mutex(), std::defer_lock);
  if (tasks < 2 || in_task || p.threads() == 1 || !job.try_lock()) {
    for (int i = 0; i < tasks; ++i) fn(i);
    return;
  }
  p.run(tasks, fn);
}

}  // namespace vp
