// Reading a whole file a user named, with a size limit checked before any byte is read, and
// reading numbers from its bytes.
#pragma once
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace vp {

// A FILE* that closes itself.
struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using UniqueFile = std::unique_ptr<std::FILE, FileCloser>;

// Throws vp::Error if the file cannot be opened or read, or is larger than max_bytes
// ("what" names the kind of file in that message, e.g. "image file").
std::vector<uint8_t> read_file_bytes(const std::string& path, int64_t max_bytes, const std::string& what);

// The 4 bytes at p as an unsigned number, most significant first (IDX and PNG headers).
uint32_t big_endian_u32(const uint8_t* p);

// "256 MB", "1.5 GB": sizes in messages.
std::string bytes_str(int64_t bytes);

}  // namespace vp
