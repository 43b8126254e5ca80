// Natively the engine runs in a std::thread of its own: requests and replies pass through two
// queues under one mutex; the thread sleeps while the engine has nothing to do, and looks
// again every kWaitingPoll while a job waits for something outside (the training data).
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "engine/engine_core.h"
#include "platform/engine.h"
#include "platform/training_data.h"

namespace vp::platform {

namespace {
constexpr auto kWaitingPoll = std::chrono::milliseconds(20);
}  // namespace

struct Engine::Impl {
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<EngineMessage> requests;
  std::vector<EngineMessage> replies;
  bool stopping = false;
  std::thread thread;

  void run() {
    EngineCore core({request_training_data, training_data_status});
    EngineWork work = EngineWork::idle;
    for (;;) {
      std::deque<EngineMessage> incoming;
      {
        std::unique_lock<std::mutex> lock(mutex);
        if (work == EngineWork::idle) wake.wait(lock, [&] { return stopping || !requests.empty(); });
        else if (work == EngineWork::waiting) wake.wait_for(lock, kWaitingPoll, [&] { return stopping || !requests.empty(); });
        if (stopping) return;
        incoming.swap(requests);
      }
      for (const EngineMessage& m : incoming) core.receive(m);
      work = core.work();
      std::vector<EngineMessage> out = core.take_replies();
      if (out.empty()) continue;
      std::lock_guard<std::mutex> lock(mutex);
      for (EngineMessage& m : out) replies.push_back(std::move(m));
    }
  }
};

Engine::Engine() : impl_(new Impl) { impl_->thread = std::thread([this] { impl_->run(); }); }

Engine::~Engine() {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->wake.notify_one();
  impl_->thread.join();
}

void Engine::post(EngineMessage request) {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->requests.push_back(std::move(request));
  }
  impl_->wake.notify_one();
}

std::vector<EngineMessage> Engine::poll() {
  std::vector<EngineMessage> out;
  std::lock_guard<std::mutex> lock(impl_->mutex);
  out.swap(impl_->replies);
  return out;
}

}  // namespace vp::platform
