// Matrices typed or pasted by a user, as text. Accepted forms:
//   1 0 1 0 ; 0 2 0 2          rows separated by ';' or new lines, numbers by spaces/commas/tabs
//   [[1,0,1,0],[0,2,0,2]]      the JSON / NumPy / PyTorch literal form
// Everything else is refused with a message saying where and why; nothing is guessed.
#pragma once
#include <string>
#include <string_view>

#include "nn/tensor.h"

namespace vp {

constexpr int kMaxTypedMatrixSide = 256;  // rows and columns a typed matrix may have

// One finite number ("2", "-0.5", "1e-3"); throws vp::Error("'abc' is not a number") etc.
float parse_number(std::string_view text);

// A whole matrix; all rows must have the same length. Throws vp::Error.
Mat parse_matrix_text(std::string_view text);

// The inverse, one row per line, numbers separated by tabs (pastes into spreadsheets).
std::string matrix_to_tsv(const Mat& m, int precision = 6);

// [[1, 0.5], [2, -3]]: JSON, and a Python list literal too. -inf/inf/NaN (masked scores)
// have no JSON form and are written as null.
std::string matrix_to_json(const Mat& m, int precision = 6);
// np.array([[1, 0.5], [2, -np.inf]], dtype=np.float32): pastes into Python with NumPy.
std::string matrix_to_numpy(const Mat& m, int precision = 6);

}  // namespace vp
