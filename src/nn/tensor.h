// The core's one matrix type and its error type.
//
// Every activation is a row-major float matrix, one row per token:  x: [seq, d].
// Weights keep PyTorch's layout, so a state_dict loads without transposes:
// a Linear's weight is [out, in] and y = x W^T + b.
#pragma once
#include <Eigen/Dense>
#include <stdexcept>
#include <string>

namespace vp {

using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vec = Eigen::Matrix<float, 1, Eigen::Dynamic>;  // a row vector (biases, LayerNorm gains)

// Anything a user can cause (a bad file, a typed matrix, a shape mismatch) is thrown as
// vp::Error with a one-line message and caught at the boundary (CLI, app, page API).
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "[3, 4]"
std::string shape_str(const Mat& m);

// Throws vp::Error("<what>: expected [r, c], got [..]") unless m has that shape
// (-1 matches any size).
void require_shape(const Mat& m, long rows, long cols, const std::string& what);

// Throws vp::Error naming the first NaN/Inf entry of m.
void require_finite(const Mat& m, const std::string& what);

// Builds a matrix from nested rows, as the article writes them: {{1,0,1,0},{0,2,0,2}}.
Mat from_rows(std::initializer_list<std::initializer_list<float>> rows);

}  // namespace vp
