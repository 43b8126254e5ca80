#include "formats/file_kind.h"

#include <cstring>

namespace vp {

namespace {

bool starts_with(const uint8_t* bytes, size_t size, const char* magic, size_t n) {
  return size >= n && std::memcmp(bytes, magic, n) == 0;
}

bool is_image(const uint8_t* b, size_t size) {
  return starts_with(b, size, "\x89PNG\r\n\x1a\n", 8) || starts_with(b, size, "\xff\xd8\xff", 3) ||
         starts_with(b, size, "GIF87a", 6) || starts_with(b, size, "GIF89a", 6) || starts_with(b, size, "BM", 2) ||
         (starts_with(b, size, "RIFF", 4) && size >= 12 && std::memcmp(b + 8, "WEBP", 4) == 0) ||
         (size >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6');
}

bool is_safetensors(const uint8_t* b, size_t size) {
  if (size < 9) return false;
  uint64_t header = 0;
  for (int i = 7; i >= 0; --i) header = (header << 8) | b[i];
  return header >= 2 && header <= size - 8 && b[8] == '{';
}

// UTF-8 text: no NUL, every multi-byte sequence well formed.
bool is_text(const uint8_t* b, size_t size) {
  if (size == 0) return false;
  for (size_t i = 0; i < size;) {
    const uint8_t c = b[i];
    if (c == 0) return false;
    const int extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xe ? 2 : (c >> 3) == 0x1e ? 3 : -1;
    if (extra < 0) return false;
    for (int k = 1; k <= extra; ++k)
      if (i + k >= size || (b[i + k] & 0xc0) != 0x80) return false;
    i += 1 + extra;
  }
  return true;
}

}  // namespace

FileKind file_kind(const uint8_t* bytes, size_t size) {
  if (is_image(bytes, size)) return FileKind::image;
  if (is_safetensors(bytes, size)) return FileKind::safetensors;
  if (is_text(bytes, size)) return FileKind::text;
  return FileKind::unknown;
}

const char* file_kind_name(FileKind kind) {
  switch (kind) {
    case FileKind::image: return "image";
    case FileKind::safetensors: return "safetensors checkpoint";
    case FileKind::text: return "text";
    default: return "unknown";
  }
}

}  // namespace vp
