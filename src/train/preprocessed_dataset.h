// Image sets that go through the same preprocessing as an uploaded image, so a model is
// trained on exactly what it will be shown: synthetic digits rendered at another size are
// grayscaled, inverted, cropped to the ink, fitted and centred by the mnist-digit recipe
// (formats/image_preprocess.h) before they join MNIST's 28x28 training images.
//
// Also the labels of a folder of image files (a test set such as tests/digits-beyond-mnist):
//   labels.csv   header "file,label,kind", then one line per image: name.png,7,print-photo
#pragma once
#include <string>
#include <vector>

#include "train/image_dataset.h"
#include "formats/image_preprocess.h"

namespace vp {

// Every image of `raw` (grey or RGB, any fixed size) through preprocess_image(spec) ->
// a set of spec.image_size squares with spec.channels channels, labels kept, order kept.
// The spec must leave values in 0..1 (mean 0, std 1), as the set stores bytes. Images that
// preprocessing refuses (too faint to find ink in) are left out and counted in *refused.
ImageDataset preprocess_dataset(const ImageDataset& raw, const PreprocessSpec& spec, size_t* refused);

struct LabelledImageFile {
  std::string file;   // relative to the labels file's folder
  int label = 0;      // 0 .. num_classes - 1
  std::string kind;   // how the image was made, e.g. "pad", "paper", "print", "print-photo"
};

// Parses labels.csv; throws vp::Error naming the line of a malformed entry, a label outside
// 0..num_classes-1, a file name with a path in it, or an empty list.
std::vector<LabelledImageFile> parse_labels_csv(const std::string& text, int num_classes);

}  // namespace vp
