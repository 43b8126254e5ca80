#include "platform/image_file.h"

#include <cstring>
#include <memory>

#include "formats/file_bytes.h"
#include "formats/safetensors.h"  // quote_name, vp::Error

#include "platform/jpeg_file.h"
#include "platform/png_file.h"
#include "platform/stb_image_config.h"

namespace vp::platform {

namespace {

struct StbFree {
  void operator()(stbi_uc* p) const { stbi_image_free(p); }
};

bool starts_with(const uint8_t* bytes, size_t size, const char* magic, size_t offset = 0) {
  const size_t n = std::strlen(magic);
  return size >= offset + n && std::memcmp(bytes + offset, magic, n) == 0;
}

// The format a file claims by its first bytes, for messages ("" if none we know).
std::string format_name(const uint8_t* b, size_t n) {
  if (starts_with(b, n, "\x89PNG")) return "PNG";
  if (starts_with(b, n, "\xFF\xD8")) return "JPEG";  // the SOI marker
  if (starts_with(b, n, "GIF8")) return "GIF";
  if (starts_with(b, n, "BM")) return "BMP";
  if (starts_with(b, n, "RIFF") && starts_with(b, n, "WEBP", 8)) return "WebP";
  if (n >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '7') return "PNM";
  return "";
}

const char* stb_reason() {
  const char* r = stbi_failure_reason();
  return r ? r : "unknown error";
}

}  // namespace

RgbaImage decode_image(const uint8_t* bytes, size_t size) {
  if (size == 0) throw Error("the file is empty (0 bytes), not an image");
  const std::string format = format_name(bytes, size);
  if (format == "WebP") throw Error("WebP images are decoded only in the page; here use PNG, JPEG, BMP or GIF");
  // stb takes an int length; the file limit keeps sizes far below that.
  if (size > static_cast<size_t>(kMaxImageFileBytes))
    throw Error("image file of " + bytes_str(static_cast<int64_t>(size)) + " is larger than the limit of " +
                bytes_str(kMaxImageFileBytes));
  if (format == "JPEG") return decode_jpeg(bytes, size);
  if (format == "PNG") return decode_png(bytes, size);

  // BMP, GIF and PNM (stb_image_config.h): the header's declared size, checked before stb
  // allocates the pixels.
  const int length = static_cast<int>(size);
  int width = 0, height = 0, channels = 0;
  if (!stbi_info_from_memory(bytes, length, &width, &height, &channels)) {
    if (format.empty()) throw Error("not an image (PNG, JPEG, BMP, GIF or PNM expected)");
    throw Error("corrupt " + format + " file: " + stb_reason());
  }
  check_image_size(width, height, format + " image");

  int w = 0, h = 0, file_channels = 0;
  std::unique_ptr<stbi_uc, StbFree> pixels(stbi_load_from_memory(bytes, length, &w, &h, &file_channels, 4));
  if (!pixels) throw Error("corrupt or truncated " + format + " file: " + stb_reason());
  if (w != width || h != height)
    throw Error(format + " file declares " + std::to_string(width) + "x" + std::to_string(height) +
                " pixels but decodes to " + std::to_string(w) + "x" + std::to_string(h));
  const size_t n = static_cast<size_t>(w) * static_cast<size_t>(h) * 4;
  return make_rgba_image(w, h, std::vector<uint8_t>(pixels.get(), pixels.get() + n));
}

RgbaImage read_image_file(const std::string& path) {
  const std::vector<uint8_t> bytes = read_file_bytes(path, kMaxImageFileBytes, "image file");
  try {
    return decode_image(bytes.data(), bytes.size());
  } catch (const Error& e) {
    throw Error(quote_name(path) + ": " + e.what());
  }
}

}  // namespace vp::platform
