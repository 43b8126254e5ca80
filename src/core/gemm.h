// The matrix products every layer spends its time in: C = A B^T (A: [m, k], B: [n, k], both
// row-major: y = x W^T of a linear layer, Q K^T of attention), C = A B (B: [k, n]: the
// attention weights times V) and, in backward passes, C = A^T B (dW = dy^T x). Natively OpenBLAS's cblas_sgemm (Debian's single-threaded
// build) computes them: on ViT-Ti its kernels take 37 ms per forward where Eigen 3.4's took
// 47 (75 % of that time in Eigen's gebp kernel; same machine, AVX2 + FMA, side by side);
// only products below 32^3 multiply-adds (one attention head's) are left to Eigen, which
// finishes those sooner.
// In WebAssembly Eigen 3.4 has no SIMD path (it multiplies one float at a time), so there a
// 4x8 register-blocked kernel on wasm_simd128.h's 128-bit vectors does (build with -msimd128):
//
//   for each 8-column panel of C:  pack those 8 columns of B^T (or B) as [k][8]
//     for each 4 rows of A:        C[4x8] = sum_p A[4][p] * panel[p][8]    (8 accumulators)
#pragma once
#include "core/tensor.h"

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
