// What a file a user gives vitplay is, told by its content (names and extensions lie):
//   image        PNG, JPEG, GIF, BMP, WebP or PNM magic bytes
//   safetensors  8-byte little-endian header length n, then a '{' within the file (n + 8 <= size)
//   text         UTF-8 without NUL bytes: a JSON config or a labels file
//   unknown      anything else (refused with this message: not an image, checkpoint or config)
#pragma once
#include <cstddef>
#include <cstdint>

namespace vp {

enum class FileKind { image, safetensors, text, unknown };

FileKind file_kind(const uint8_t* bytes, size_t size);
const char* file_kind_name(FileKind kind);  // "image", "safetensors checkpoint", "text", "unknown"

}  // namespace vp
