// safetensors files: named tensors as an 8-byte length, a JSON header and raw data.
//
//   [u64 little-endian N][N bytes of JSON header][data]
//   header: {"x": {"dtype": "F32", "shape": [3, 4], "data_offsets": [begin, end]}, ...,
//            "__metadata__": {"key": "value", ...}}        offsets count from the start of data
//
// Files come from users, so the reader trusts nothing: every length, offset, shape and dtype
// is checked against the file's size before anything is allocated, and every problem is a
// one-line vp::Error naming the tensor ("safetensors: tensor 'x': ...").
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "nn/tensor.h"  // vp::Error

namespace vp {

// Limits, checked from the header before anything is allocated: a header of at most 100 MB,
// and tensors that decode to at most 512 MiB of float32 (the page has 2 GB of WebAssembly
// memory at most, and holds a file, its tensors and the model built from them at once).
constexpr uint64_t kMaxSafetensorsHeaderBytes = 100u * 1000 * 1000;
constexpr uint64_t kMaxDecodedTensorBytes = 512ull << 20;

struct Tensor {
  std::vector<int64_t> shape;  // PyTorch's shape, e.g. [batch, seq, d]
  std::vector<float> data;     // row-major, numel(shape) values
};

using TensorMap = std::map<std::string, Tensor>;
using TensorMetadata = std::map<std::string, std::string>;  // the header's "__metadata__"

// Product of the dims (1 for a scalar, shape []); throws vp::Error if it overflows.
int64_t numel(const std::vector<int64_t>& shape);
// "[2, 7, 20]"
std::string shape_str(const std::vector<int64_t>& shape);
// A tensor name or path as it may appear in a one-line message: JSON-quoted (control
// characters escaped, bad UTF-8 replaced) and cut to 80 characters.
std::string quote_name(const std::string& name);

// F32 is read as is; F64, F16 and BF16 are converted to float; other dtypes are an error.
// If metadata is given, it receives the "__metadata__" entries.
TensorMap parse_safetensors(const uint8_t* bytes, size_t size, TensorMetadata* metadata = nullptr);
TensorMap read_safetensors(const std::string& path, TensorMetadata* metadata = nullptr);

// Writes every tensor as F32, in name order, with the header padded to 8 bytes.
std::vector<uint8_t> serialize_safetensors(const TensorMap& tensors, const TensorMetadata& metadata = {});
void write_safetensors(const std::string& path, const TensorMap& tensors, const TensorMetadata& metadata = {});

}  // namespace vp
