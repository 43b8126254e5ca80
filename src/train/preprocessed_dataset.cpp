#include "train/preprocessed_dataset.h"

#include <algorithm>
#include <sstream>

namespace vp {

ImageDataset preprocess_dataset(const ImageDataset& raw, const PreprocessSpec& spec, size_t* refused) {
  for (float m : spec.mean)
    if (m != 0.0f) throw Error("preprocess_dataset: the set stores 0..1 pixels; normalise later (mean must be 0)");
  for (float s : spec.std)
    if (s != 1.0f) throw Error("preprocess_dataset: the set stores 0..1 pixels; normalise later (std must be 1)");
  if (raw.channels != 1 && raw.channels != 3) throw Error("preprocess_dataset: images must have 1 or 3 channels");
  ImageDataset out;
  out.channels = spec.channels, out.height = spec.image_size, out.width = spec.image_size;
  *refused = 0;
  out.pixels.reserve(raw.size() * static_cast<size_t>(out.image_bytes()));
  const size_t plane = static_cast<size_t>(raw.height) * raw.width;
  RgbaImage image{raw.width, raw.height, std::vector<uint8_t>(plane * 4, 255)};
  for (size_t i = 0; i < raw.size(); ++i) {
    // planes [C, H, W] -> interleaved RGBA (a grey image repeats its one plane)
    const uint8_t* src = raw.pixels.data() + i * static_cast<size_t>(raw.image_bytes());
    for (size_t p = 0; p < plane; ++p)
      for (int c = 0; c < 3; ++c) image.rgba[p * 4 + c] = src[(raw.channels == 3 ? c * plane : 0) + p];
    Preprocessed pre;
    try {
      pre = preprocess_image(image, spec);
    } catch (const Error&) {
      ++*refused;
      continue;
    }
    out.labels.push_back(raw.labels[i]);
    for (Eigen::Index k = 0; k < pre.input.size(); ++k) {
      const float v = std::min(1.0f, std::max(0.0f, pre.input.data()[k]));
      out.pixels.push_back(static_cast<uint8_t>(v * 255.0f + 0.5f));
    }
  }
  return out;
}

std::vector<LabelledImageFile> parse_labels_csv(const std::string& text, int num_classes) {
  std::istringstream in(text);
  std::string line;
  std::vector<LabelledImageFile> entries;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || (line_no == 1 && line.rfind("file,", 0) == 0)) continue;  // header
    const std::string where = "labels.csv line " + std::to_string(line_no) + ": ";
    const size_t a = line.find(','), b = a == std::string::npos ? a : line.find(',', a + 1);
    if (a == std::string::npos || b == std::string::npos) throw Error(where + "expected file,label,kind");
    LabelledImageFile e{line.substr(0, a), -1, line.substr(b + 1)};
    const std::string label = line.substr(a + 1, b - a - 1);
    if (e.file.empty() || e.file.find('/') != std::string::npos || e.file.find('\\') != std::string::npos)
      throw Error(where + "the file must be a plain name in the set's folder");
    if (label.empty() || label.size() > 4 || label.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(label) >= num_classes)
      throw Error(where + "the label must be a class number 0.." + std::to_string(num_classes - 1));
    e.label = std::stoi(label);
    entries.push_back(e);
  }
  if (entries.empty()) throw Error("labels.csv lists no images");
  return entries;
}

}  // namespace vp
