// Where the background loading of a training data set stands (platform/training_data.h loads
// them: natively in a thread, in the page with the browser's fetch).
#pragma once
#include <memory>
#include <string>

#include "train/image_dataset.h"

namespace vp {

enum class DataState { idle, loading, ready, failed };

struct TrainingDataStatus {
  DataState state = DataState::idle;
  float progress = 0;  // 0..1 while loading
  std::string error;   // why it failed
  std::shared_ptr<const ImageDataset> train, held_out;  // once ready
};

}  // namespace vp
