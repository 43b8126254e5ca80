#include "platform/image_file.h"

#include <algorithm>
#include <cstring>
#include <memory>

#include "core/file_bytes.h"
#include "core/safetensors.h"  // quote_name, vp::Error

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
  size_t fill = 0;  // stb, like JPEG decoders, skips 0xFF fill bytes before the SOI marker
  while (fill < n && b[fill] == 0xFF) ++fill;
  if (fill > 0 && fill < n && b[fill] == 0xD8) return "JPEG";
  if (starts_with(b, n, "GIF8")) return "GIF";
  if (starts_with(b, n, "BM")) return "BMP";
  if (starts_with(b, n, "RIFF") && starts_with(b, n, "WEBP", 8)) return "WebP";
  if (n >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '7') return "PNM";
  return "";
}

// stb_image 2.27 (Debian's) trusts a JPEG Huffman table's 16 code counts: a sum over 256
// writes past its table (fuzz-image found it; stb 2.28 checks). Every FF C4 pair is read the
// way stb reads a DHT segment (a length, then tables of [class/id][16 counts][symbols] while
// the length lasts; bytes past the end read as 0), wherever stb's own walk might find one.
bool jpeg_huffman_tables_fit(const uint8_t* b, size_t n) {
  auto at = [&](size_t i) -> size_t { return i < n ? b[i] : 0; };
  for (size_t p = 0; p + 1 < n; ++p) {
    if (b[p] != 0xFF || b[p + 1] != 0xC4) continue;
    long left = static_cast<long>(at(p + 2) << 8 | at(p + 3)) - 2;
    for (size_t t = p + 4; left > 0 && t < n;) {
      size_t symbols = 0;
      for (size_t k = 1; k <= 16; ++k) symbols += at(t + k);
      if (symbols > 256) return false;
      t += 17 + symbols;
      left -= static_cast<long>(17 + symbols);
    }
  }
  return true;
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
  const int length = static_cast<int>(size);

  if (format == "JPEG" && !jpeg_huffman_tables_fit(bytes, size))
    throw Error("corrupt JPEG file: a Huffman table declares more than 256 codes");
  // The header's declared size, checked before stb allocates the pixels.
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
