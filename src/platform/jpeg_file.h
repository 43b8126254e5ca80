// JPEG files decoded with libjpeg-turbo (Debian's libjpeg62-turbo natively; in WASM the same
// version built from Debian's source package, see CMakeLists.txt). stb_image 2.27, which
// decodes the other formats, reads out of bounds on some corrupt JPEGs (found by fuzz-image),
// while libjpeg-turbo is the decoder browsers use and is fuzzed continuously upstream.
#pragma once
#include <cstddef>
#include <cstdint>

#include "formats/image.h"

namespace vp::platform {

// Baseline and progressive JPEG, greyscale, RGB/YCbCr and Adobe CMYK/YCCK, to opaque RGBA.
// The declared size is checked (formats/image.h's limits) before any pixel is decoded; a
// truncated or corrupt file is a vp::Error with libjpeg's reason.
RgbaImage decode_jpeg(const uint8_t* bytes, size_t size);

}  // namespace vp::platform
