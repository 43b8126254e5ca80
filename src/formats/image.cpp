#include "formats/image.h"

#include "nn/tensor.h"

namespace vp {

void check_image_size(int64_t width, int64_t height, const std::string& what) {
  const std::string size = std::to_string(width) + "x" + std::to_string(height);
  if (width < 1 || height < 1) throw Error(what + " is empty (" + size + " pixels)");
  if (width < kMinImageSide || height < kMinImageSide)
    throw Error(what + " is " + size + " pixels: too small to classify (at least " +
                std::to_string(kMinImageSide) + " per side)");
  if (width > kMaxImageSide || height > kMaxImageSide)
    throw Error(what + " is " + size + " pixels: larger than the limit of " + std::to_string(kMaxImageSide) +
                " per side");
  if (width * height > kMaxImagePixels)
    throw Error(what + " is " + size + " pixels (" + std::to_string(width * height / 1'000'000) +
                " megapixels): larger than the limit of " + std::to_string(kMaxImagePixels / 1'000'000) +
                " megapixels");
}

RgbaImage make_rgba_image(int width, int height, std::vector<uint8_t> rgba) {
  check_image_size(width, height);
  const auto expected = static_cast<size_t>(width) * static_cast<size_t>(height) * 4;
  if (rgba.size() != expected)
    throw Error("RGBA pixels: " + std::to_string(rgba.size()) + " bytes for a " + std::to_string(width) + "x" +
                std::to_string(height) + " image, expected " + std::to_string(expected));
  return RgbaImage{width, height, std::move(rgba)};
}

}  // namespace vp
