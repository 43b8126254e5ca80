// safetensors files from strangers: any bytes must parse or be refused with vp::Error,
// never read out of bounds or allocate more than the file declares honestly.
#include <cstddef>
#include <cstdint>

#include "formats/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    vp::TensorMetadata metadata;
    const vp::TensorMap tensors = vp::parse_safetensors(data, size, &metadata);
    // what parses must survive our own writer and reader unchanged
    const std::vector<uint8_t> bytes = vp::serialize_safetensors(tensors);
    const vp::TensorMap again = vp::parse_safetensors(bytes.data(), bytes.size());
    if (again.size() != tensors.size()) __builtin_trap();
    for (const auto& [name, t] : tensors) {
      const auto& u = again.at(name);
      if (u.shape != t.shape || u.data.size() != t.data.size()) __builtin_trap();
    }
  } catch (const vp::Error&) {
  }
  return 0;
}
