// Images from strangers: any bytes as an image file (stb, after the declared-size check), or
// as raw RGBA of any width and height (0, 1, huge, a buffer of the wrong length), then every
// preprocessing recipe at a size and channel count from the input. Each must give a model
// input of the promised shape with finite values, or be refused with vp::Error.
//
// Input: [mode][recipe][size][w lo][w hi][h lo][h hi][rest: file bytes or pixels]
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "formats/image_preprocess.h"
#include "platform/image_file.h"

namespace {

vp::RgbaImage image_from(const uint8_t* data, size_t size, uint8_t mode, int width, int height) {
  if (mode % 3 == 0) return vp::platform::decode_image(data, size);
  if (mode % 3 == 1) return vp::make_rgba_image(width, height, std::vector<uint8_t>(data, data + size));
  // Pixels to fill a small image of the given shape, the input repeated.
  const int w = 1 + width % 96, h = 1 + height % 96;
  std::vector<uint8_t> rgba(static_cast<size_t>(w) * h * 4, 255);
  for (size_t i = 0; size && i < rgba.size(); ++i) rgba[i] = data[i % size];
  return vp::make_rgba_image(w, h, std::move(rgba));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 7) return 0;
  const uint8_t mode = data[0], recipe = data[1], size_byte = data[2];
  const int width = data[3] | data[4] << 8 | (mode & 0x80 ? 0x10000 << (mode & 7) : 0);
  const int height = data[5] | data[6] << 8;
  try {
    const vp::RgbaImage image = image_from(data + 7, size - 7, mode, width, height);
    vp::PreprocessSpec spec;
    const char* recipes[] = {"mnist-digit", "fashion", "imagenet"};
    spec.recipe = recipes[recipe % 3];
    spec.channels = recipe & 0x10 ? 3 : 1;
    spec.image_size = 1 + size_byte % 64;
    spec.mean.assign(static_cast<size_t>(spec.channels), 0.5f);
    spec.std.assign(static_cast<size_t>(spec.channels), 0.25f);
    spec.crop_fraction = 0.5f + (recipe >> 5) / 16.0f;
    const vp::Preprocessed out = vp::preprocess_image(image, spec);
    if (out.input.rows() != spec.channels * spec.image_size || out.input.cols() != spec.image_size) __builtin_trap();
    if (!out.input.allFinite()) __builtin_trap();
  } catch (const vp::Error&) {
  }
  return 0;
}
