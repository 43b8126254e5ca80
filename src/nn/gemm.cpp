#include "nn/gemm.h"

#include <algorithm>
#include <string>

#include "nn/gemm_backend.h"
#include "nn/parallel.h"

namespace vp {
namespace {

// Products of at least this many multiply-adds (m n k) are split over the pool: below it the
// split's cost (handing a block to a worker, packing the shared operand once per block)
// outweighs the gain. ViT-Ti's products on one image (197 tokens) are all above it, one
// mnist-vit image's (17 tokens, dim 64) below (docs/benchmarks.md, "Threads").
constexpr double kParallelProduct = 1 << 20;
// Blocks are whole multiples of this many rows or columns (OpenBLAS's sgemm kernels are 16 wide).
constexpr Eigen::Index kBlock = 16;

// The backend's C = op(A) op(B) + beta C, as one backend product per block of C on the pool.
// Row i of C is row i of op(A) times op(B), column j is op(A) times column j of op(B); OpenBLAS
// packs both operands before multiplying (17 % of the ViT-Ti forward), so a block by rows packs
// all of op(B) again, one by columns all of op(A). C [m, n] is split along its longer side,
// which repeats the packing of the smaller operand: a linear layer on 197 tokens with 576
// outputs splits its outputs (each block packs its share of the weight and all of x).
void split_gemm(const Eigen::Ref<const Mat>& A, bool transpose_a, const Eigen::Ref<const Mat>& B, bool transpose_b,
                float beta, Eigen::Ref<Mat> C) {
  const Eigen::Index m = C.rows(), n = C.cols(), k = transpose_a ? A.rows() : A.cols();
  const bool by_rows = m >= n;
  const Eigen::Index length = by_rows ? m : n;
  const Eigen::Index blocks = std::min<Eigen::Index>(available_threads(), length / kBlock);
  if (blocks < 2 || static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k) < kParallelProduct) {
    gemm(A, transpose_a, B, transpose_b, beta, C);
    return;
  }
  const Eigen::Index size = ((length + blocks - 1) / blocks + kBlock - 1) / kBlock * kBlock;  // per block
  parallel_for(static_cast<int>(blocks), [&](int b) {
    const Eigen::Index first = b * size, count = std::min(size, length - first);
    if (count <= 0) return;
    if (by_rows) {  // rows [first, first + count) of op(A): A's rows, or for op(A) = A^T ([k, m]) its columns
      const Eigen::Ref<const Mat> a = transpose_a ? Eigen::Ref<const Mat>(A.middleCols(first, count))
                                                  : Eigen::Ref<const Mat>(A.middleRows(first, count));
      gemm(a, transpose_a, B, transpose_b, beta, C.middleRows(first, count));
    } else {  // columns of op(B): for op(B) = B^T ([n, k]) B's rows, else its columns
      const Eigen::Ref<const Mat> b_block = transpose_b ? Eigen::Ref<const Mat>(B.middleRows(first, count))
                                                        : Eigen::Ref<const Mat>(B.middleCols(first, count));
      gemm(A, transpose_a, b_block, transpose_b, beta, C.middleCols(first, count));
    }
  });
}

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
  split_gemm(A, transpose_a, B, transpose_b, 0.0f, C);
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
  split_gemm(A, false, B, true, 1.0f, C);
  return C;
}

void add_matmul_transposed_a(const Eigen::Ref<const Mat>& A, const Eigen::Ref<const Mat>& B, Eigen::Ref<Mat> C) {
  if (A.rows() != B.rows() || C.rows() != A.cols() || C.cols() != B.cols())
    throw Error("matrix product: A^T B of " + shape(A, true) + " and " + shape(B, false) + " added to " +
                shape(C, false));
  split_gemm(A, true, B, false, 1.0f, C);
}

}  // namespace vp
