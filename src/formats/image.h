// An image as the user gave it: 8-bit RGBA, row by row from the top-left corner. Every way
// an image comes in (stb natively, the browser's decoders in the page, the drawing pad)
// ends here, before any preprocessing.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace vp {

struct RgbaImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgba;  // [height, width, 4], row-major
};

// Limits on what is accepted, checked on the declared size before any pixel is allocated.
// 16384 per side covers any camera; 40 megapixels bound the decoded RGBA to 160 MB, which
// the page (2 GB WebAssembly memory at most) can hold beside a ViT-B checkpoint.
constexpr int kMinImageSide = 2;        // a 1x1 image has no shape to recognise
constexpr int kMaxImageSide = 16384;    // pixels per side
constexpr int64_t kMaxImagePixels = 40'000'000;

// Throws vp::Error saying which limit a width x height image breaks ("what" names it).
void check_image_size(int64_t width, int64_t height, const std::string& what = "image");

// Wraps pixels that were decoded elsewhere (the browser, the drawing pad): checks the
// size limits and that rgba holds exactly width * height * 4 bytes.
RgbaImage make_rgba_image(int width, int height, std::vector<uint8_t> rgba);

}  // namespace vp
