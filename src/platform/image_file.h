// Image files decoded natively (JPEG with libjpeg-turbo, PNG with libpng, BMP, GIF and PNM with
// stb_image): the desktop app (a dropped file, --image) and vitplay-cli (also under node). The
// page uses the browser's own decoders instead.
// Accepted: PNG (every colour type and bit depth, interlaced or not; 16-bit is reduced to 8),
// JPEG (baseline and progressive, greyscale, RGB and Adobe CMYK/YCCK), BMP, GIF (first frame)
// and PNM. Formats stb would guess from content alone (TGA has no signature) are left out, so
// a text file is never taken for an image.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "formats/image.h"

namespace vp::platform {

// The largest image file read; bigger files are refused before they are read.
constexpr int64_t kMaxImageFileBytes = 256ll * 1024 * 1024;

// Checks the declared size against formats/image.h's limits before decoding a pixel; throws
// vp::Error for an empty, unknown, truncated or corrupt file (saying which).
RgbaImage decode_image(const uint8_t* bytes, size_t size);
// Reads and decodes a file; messages start with the file's name.
RgbaImage read_image_file(const std::string& path);

}  // namespace vp::platform
