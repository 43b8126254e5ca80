// The matrix products every layer spends its time in: C = A B^T (A: [m, k], B: [n, k], both
// row-major: y = x W^T of a linear layer, Q K^T of attention), C = A B (B: [k, n]: the
// attention weights times V) and, in backward passes, C = A^T B (dW = dy^T x).
// Each checks its shapes here and ends in backend products (gemm_backend.h): natively
// OpenBLAS, with Eigen for products too small for a BLAS call; in WebAssembly a SIMD128 kernel.
// A big product outside a pool task is split into blocks of C, one backend product each on the
// thread pool (nn/parallel.h). Measurements behind these choices: docs/benchmarks.md.
#pragma once
#include "nn/tensor.h"

namespace vp {

// A: [m, k], B: [n, k] -> A B^T: [m, n]. Blocks of a row-major matrix (middleRows, middleCols,
// block) are taken without copying.
Mat matmul_transposed(const Eigen::Ref<const Mat>& A, const Eigen::Ref<const Mat>& B);

// A: [m, k], B: [n, k], bias: [n] or empty -> A B^T + bias in every row: [m, n], a linear
// layer's y = x W^T + b. Natively y starts as b in every row and OpenBLAS adds the product to it,
// which spares the pass zeroing y before the product and the pass adding b after it.
Mat matmul_transposed_plus_bias(const Eigen::Ref<const Mat>& A, const Eigen::Ref<const Mat>& B,
                                const Eigen::Ref<const Vec>& bias);

// A: [m, k], B: [k, n] -> A B: [m, n]
Mat matmul(const Eigen::Ref<const Mat>& A, const Eigen::Ref<const Mat>& B);

// A: [k, m], B: [k, n] -> A^T B: [m, n]
Mat matmul_transposed_a(const Eigen::Ref<const Mat>& A, const Eigen::Ref<const Mat>& B);

// C: [m, n] += A^T B, in place (a weight gradient summed over chunks: dW += dy^T x)
void add_matmul_transposed_a(const Eigen::Ref<const Mat>& A, const Eigen::Ref<const Mat>& B, Eigen::Ref<Mat> C);

}  // namespace vp
