// Images from strangers: any bytes as an image file (libjpeg-turbo for JPEG, libpng for PNG,
// stb for BMP, GIF and PNM, after the declared-size check), or as raw RGBA of any width and
// height (0, 1, huge, a buffer of the wrong length), then every preprocessing recipe at a size
// and channel count from the input. Each must give a model input of the promised shape with
// finite values, or be refused with vp::Error. In the sanitizer build the three decoders are
// compiled from source with the same instrumentation, so coverage reaches inside them.
//
// Input: [mode][recipe][size][w lo][w hi][h lo][h hi][rest: file bytes or pixels]
// A file with mode bit 0x40 has its PNG chunk CRCs recomputed before decoding: libpng refuses
// a critical chunk whose CRC does not match, which nearly every mutation causes, so without
// this the fuzzer would rarely get past the first chunk it touches.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include <zlib.h>

#include "formats/file_bytes.h"
#include "formats/image_preprocess.h"
#include "platform/image_file.h"

namespace {

// A PNG's chunks after the 8-byte signature: [length][type][length bytes][CRC of type + bytes].
std::vector<uint8_t> with_png_crcs_recomputed(const uint8_t* data, size_t size) {
  std::vector<uint8_t> png(data, data + size);
  for (size_t at = 8; at + 12 <= png.size();) {
    const size_t length = vp::big_endian_u32(&png[at]);
    if (length > png.size() - at - 12) break;
    const uLong crc = crc32(0, &png[at + 4], static_cast<uInt>(length + 4));
    for (int i = 0; i < 4; ++i) png[at + 8 + length + i] = static_cast<uint8_t>(crc >> (24 - 8 * i));
    at += 12 + length;
  }
  return png;
}

vp::RgbaImage image_from(const uint8_t* data, size_t size, uint8_t mode, int width, int height) {
  if (mode % 3 == 0 && mode & 0x40) {
    const std::vector<uint8_t> png = with_png_crcs_recomputed(data, size);
    return vp::platform::decode_image(png.data(), png.size());
  }
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
