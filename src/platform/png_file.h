// PNG files decoded with libpng (Debian's libpng-dev natively; in WASM and in the sanitizer
// build the same version built from Debian's source package, see cmake/image_codecs.cmake).
// stb_image 2.27, which decoded them before, grew its buffer to whatever length an IDAT chunk
// declared (found by fuzz-image) and is compiled without UBSan; libpng is the reference PNG
// decoder and is fuzzed continuously upstream.
#pragma once
#include <cstddef>
#include <cstdint>

#include "formats/image.h"

namespace vp::platform {

// Every PNG colour type and bit depth (grey 1-16 bits, grey + alpha, RGB, RGBA, palette),
// interlaced or not, transparency (tRNS) included, to 8-bit RGBA (16-bit samples keep their
// high byte). The declared size is checked (formats/image.h's limits) before any row is
// allocated; a truncated or corrupt file is a vp::Error saying so, with libpng's reason.
RgbaImage decode_png(const uint8_t* bytes, size_t size);

}  // namespace vp::platform
