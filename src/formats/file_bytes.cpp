#include "formats/file_bytes.h"

#include <cstdio>
#include <memory>

#include "formats/safetensors.h"  // quote_name, vp::Error

namespace vp {

std::string bytes_str(int64_t bytes) {
  char text[32];
  if (bytes >= 1000ll * 1000 * 1000)
    std::snprintf(text, sizeof text, "%.1f GB", static_cast<double>(bytes) / 1e9);
  else if (bytes >= 1000 * 1000)
    std::snprintf(text, sizeof text, "%.0f MB", static_cast<double>(bytes) / 1e6);
  else
    std::snprintf(text, sizeof text, "%lld bytes", static_cast<long long>(bytes));
  return text;
}

std::vector<uint8_t> read_file_bytes(const std::string& path, int64_t max_bytes, const std::string& what) {
  UniqueFile f(std::fopen(path.c_str(), "rb"));
  if (!f) throw Error("cannot open " + quote_name(path));
  // The size first, so that a file over the limit is refused without reading it.
  if (std::fseek(f.get(), 0, SEEK_END) != 0) throw Error("cannot read " + quote_name(path));
  const long size = std::ftell(f.get());
  if (size < 0 || std::fseek(f.get(), 0, SEEK_SET) != 0) throw Error("cannot read " + quote_name(path));
  if (size > max_bytes)
    throw Error(quote_name(path) + ": " + what + " of " + bytes_str(size) + " is larger than the limit of " +
                bytes_str(max_bytes));
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  if (std::fread(bytes.data(), 1, bytes.size(), f.get()) != bytes.size()) throw Error("cannot read " + quote_name(path));
  return bytes;
}

uint32_t big_endian_u32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 | static_cast<uint32_t>(p[2]) << 8 | p[3];
}

}  // namespace vp
