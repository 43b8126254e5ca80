// Matrices typed by hand: any text must parse or be refused with vp::Error, nothing else.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/matrix_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    vp::Mat m = vp::parse_matrix_text(std::string_view(reinterpret_cast<const char*>(data), size));
    // what parses must be within the limits, finite, and survive the round trip
    if (m.rows() < 1 || m.cols() < 1 || m.rows() > vp::kMaxTypedMatrixSide || !m.allFinite()) __builtin_trap();
    if (vp::parse_matrix_text(vp::matrix_to_tsv(m, 9)) != m) __builtin_trap();
  } catch (const vp::Error&) {
  }
  return 0;
}
