#include "nn/gemm.h"

#include <string>

#include "nn/gemm_backend.h"

namespace vp {
namespace {

std::string shape(const Eigen::Ref<const Mat>& X, bool transposed) {
  return std::to_string(transposed ? X.cols() : X.rows()) + "x" + std::to_string(transposed ? X.rows() : X.cols());
}

// op(A) op(B) into a new [m, n] matrix, after checking that the inner sizes agree.
Mat product(const Eigen::Ref<const Mat>& A, bool transpose_a, const Eigen::Ref<const Mat>& B, bool transpose_b) {
  const Eigen::Index inner_a = transpose_a ? A.rows() : A.cols(), inner_b = transpose_b ? B.cols() : B.rows();
  if (inner_a != inner_b)
    throw Error("matrix product: " + shape(A, transpose_a) + " times " + shape(B, transpose_b) +
                " (inner sizes differ)");
  Mat C(transpose_a ? A.cols() : A.rows(), transpose_b ? B.rows() : B.cols());
  gemm(A, transpose_a, B, transpose_b, 0.0f, C);
  return C;
}

}  // namespace

Mat matmul_transposed(const Eigen::Ref<const Mat>& A, const Eigen::Ref<const Mat>& B) {
  return product(A, false, B, true);
}

Mat matmul(const Eigen::Ref<const Mat>& A, const Eigen::Ref<const Mat>& B) { return product(A, false, B, false); }

Mat matmul_transposed_a(const Eigen::Ref<const Mat>& A, const Eigen::Ref<const Mat>& B) {
  return product(A, true, B, false);
}

Mat matmul_transposed_plus_bias(const Eigen::Ref<const Mat>& A, const Eigen::Ref<const Mat>& B,
                                const Eigen::Ref<const Vec>& bias) {
  if (A.cols() != B.cols())
    throw Error("matrix product: " + shape(A, false) + " times " + shape(B, true) + " (inner sizes differ)");
  if (bias.size() != 0 && bias.size() != B.rows())
    throw Error("matrix product: bias has " + std::to_string(bias.size()) + " entries, B " +
                std::to_string(B.rows()) + " rows");
  // y starts as b in every row and the product is added to it: no pass zeroing y first, none
  // adding b after.
  Mat C(A.rows(), B.rows());
  if (bias.size() == 0)
    C.setZero();
  else
    for (Eigen::Index r = 0; r < C.rows(); ++r) C.row(r) = bias;
  gemm(A, false, B, true, 1.0f, C);
  return C;
}

void add_matmul_transposed_a(const Eigen::Ref<const Mat>& A, const Eigen::Ref<const Mat>& B, Eigen::Ref<Mat> C) {
  if (A.rows() != B.rows() || C.rows() != A.cols() || C.cols() != B.cols())
    throw Error("matrix product: A^T B of " + shape(A, true) + " and " + shape(B, false) + " added to " +
                shape(C, false));
  gemm(A, true, B, false, 1.0f, C);
}

}  // namespace vp
