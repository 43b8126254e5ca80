#include "core/gemm.h"

#include <algorithm>
#include <vector>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#else
#include <cblas.h>
#endif

namespace vp {

#ifdef __wasm_simd128__
namespace {

constexpr int kRows = 4, kCols = 8;  // the register block: 4 rows x 2 vectors of 4 floats

// C[i, j0 + j] for j < cols (<= 8) and rows [0, m) of A, from the packed panel [k][8].
void panel_product(const Eigen::Ref<const Mat>& A, const float* panel, int k, Mat& C, int j0, int cols) {
  const int m = static_cast<int>(A.rows());
  float out[kRows][kCols];
  int i = 0;
  for (; i + kRows <= m; i += kRows) {
    const float* a0 = A.data() + i * A.outerStride();  // rows i..i+3 (each contiguous)
    const float* a1 = a0 + A.outerStride();
    const float* a2 = a1 + A.outerStride();
    const float* a3 = a2 + A.outerStride();
    v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
    for (int p = 0; p < k; ++p) {
      const v128_t b0 = wasm_v128_load(panel + p * kCols), b1 = wasm_v128_load(panel + p * kCols + 4);
      v128_t a = wasm_f32x4_splat(a0[p]);
      c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a, b0));
      c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a, b1));
      a = wasm_f32x4_splat(a1[p]);
      c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a, b0));
      c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a, b1));
      a = wasm_f32x4_splat(a2[p]);
      c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a, b0));
      c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a, b1));
      a = wasm_f32x4_splat(a3[p]);
      c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a, b0));
      c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a, b1));
    }
    wasm_v128_store(out[0], c00), wasm_v128_store(out[0] + 4, c01);
    wasm_v128_store(out[1], c10), wasm_v128_store(out[1] + 4, c11);
    wasm_v128_store(out[2], c20), wasm_v128_store(out[2] + 4, c21);
    wasm_v128_store(out[3], c30), wasm_v128_store(out[3] + 4, c31);
    for (int r = 0; r < kRows; ++r) std::copy_n(out[r], cols, &C(i + r, j0));
  }
  for (; i < m; ++i) {  // the last m % 4 rows one at a time
    const float* a0 = A.data() + i * A.outerStride();
    v128_t c0 = wasm_f32x4_splat(0), c1 = c0;
    for (int p = 0; p < k; ++p) {
      const v128_t a = wasm_f32x4_splat(a0[p]);
      c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(a, wasm_v128_load(panel + p * kCols)));
      c1 = wasm_f32x4_add(c1, wasm_f32x4_mul(a, wasm_v128_load(panel + p * kCols + 4)));
    }
    wasm_v128_store(out[0], c0), wasm_v128_store(out[0] + 4, c1);
    std::copy_n(out[0], cols, &C(i, j0));
  }
}

// C = A R with R: [k, n] given by its columns: at_column(p, j) = R[p][j]. Columns j0..j0+7 of
// R are packed as [k][8] (zero past the last column), then multiplied by every row of A.
template <class Entry>
Mat blocked_product(const Eigen::Ref<const Mat>& A, int n, int k, Entry at_column) {
  Mat C(A.rows(), n);
  std::vector<float> panel(static_cast<size_t>(k) * kCols);
  for (int j0 = 0; j0 < n; j0 += kCols) {
    const int cols = std::min(kCols, n - j0);
    for (int p = 0; p < k; ++p)
      for (int j = 0; j < kCols; ++j) panel[p * kCols + j] = j < cols ? at_column(p, j0 + j) : 0.0f;
    panel_product(A, panel.data(), k, C, j0, cols);
  }
  return C;
}

}  // namespace
#endif

#ifndef __wasm_simd128__
namespace {

// Below this many multiply-adds (m n k) Eigen's own product is faster than cblas_sgemm, whose
// fixed cost per call outweighs the arithmetic: one head's attention products (17x17x16,
// 17x16x17, 16x16x17) took 0.33-0.44 us in Eigen against 0.45-0.54 us through OpenBLAS, 32^3
// about the same in both, a linear layer over a chunk of tokens (272x192x64) 121 us in Eigen
// against 103 us (best of 40 runs each, -O3 -march=native, this AMD EPYC).
constexpr long kSmallProduct = 32 * 32 * 32;

// C (+)= L R in Eigen: L, R are the operands as is or as transposed views.
template <class Left, class Right>
void eigen_product(const Left& L, const Right& R, float beta, Eigen::Ref<Mat> C) {
  if (beta == 0.0f)
    C.noalias() = L * R;
  else
    C.noalias() += L * R;
}

// C: [m, n] = op(A) op(B) + beta C (beta 0 or 1), op = as is or transposed, all row-major:
// small products in Eigen, the others through cblas_sgemm, whose leading dimensions are the
// blocks' row strides, so blocks need no copy.
void blas_product(const Eigen::Ref<const Mat>& A, CBLAS_TRANSPOSE a_op, const Eigen::Ref<const Mat>& B,
                  CBLAS_TRANSPOSE b_op, float beta, Eigen::Ref<Mat> C) {
  const int k = static_cast<int>(a_op == CblasNoTrans ? A.cols() : A.rows());
  if (C.size() == 0) return;
  if (k == 0) {
    C *= beta;
    return;
  }
  if (C.size() * k < kSmallProduct) {
    if (a_op == CblasNoTrans)
      b_op == CblasNoTrans ? eigen_product(A, B, beta, C) : eigen_product(A, B.transpose(), beta, C);
    else
      b_op == CblasNoTrans ? eigen_product(A.transpose(), B, beta, C)
                           : eigen_product(A.transpose(), B.transpose(), beta, C);
    return;
  }
  cblas_sgemm(CblasRowMajor, a_op, b_op, static_cast<int>(C.rows()), static_cast<int>(C.cols()), k, 1.0f, A.data(),
              static_cast<int>(A.outerStride()), B.data(), static_cast<int>(B.outerStride()), beta, C.data(),
              static_cast<int>(C.outerStride()));
}

Mat blas_product(const Eigen::Ref<const Mat>& A, CBLAS_TRANSPOSE a_op, const Eigen::Ref<const Mat>& B,
                 CBLAS_TRANSPOSE b_op) {
  Mat C(a_op == CblasNoTrans ? A.rows() : A.cols(), b_op == CblasNoTrans ? B.cols() : B.rows());
  blas_product(A, a_op, B, b_op, 0.0f, C);
  return C;
}

}  // namespace
#endif

Mat matmul_transposed(const Eigen::Ref<const Mat>& A, const Eigen::Ref<const Mat>& B) {
  if (A.cols() != B.cols())
    throw Error("matrix product: A has " + std::to_string(A.cols()) + " columns, B " + std::to_string(B.cols()));
#ifdef __wasm_simd128__
  // R = B^T: R[p][j] = B[j][p]
  return blocked_product(A, static_cast<int>(B.rows()), static_cast<int>(B.cols()),
                         [&](int p, int j) { return B(j, p); });
#else
  return blas_product(A, CblasNoTrans, B, CblasTrans);
#endif
}

Mat matmul_transposed_plus_bias(const Eigen::Ref<const Mat>& A, const Eigen::Ref<const Mat>& B,
                                const Eigen::Ref<const Vec>& bias) {
  if (bias.size() != 0 && bias.size() != B.rows())
    throw Error("matrix product: bias has " + std::to_string(bias.size()) + " entries, B " +
                std::to_string(B.rows()) + " rows");
#ifdef __wasm_simd128__
  Mat C = matmul_transposed(A, B);
  if (bias.size()) C.rowwise() += bias;
  return C;
#else
  if (A.cols() != B.cols())
    throw Error("matrix product: A has " + std::to_string(A.cols()) + " columns, B " + std::to_string(B.cols()));
  Mat C(A.rows(), B.rows());
  if (bias.size() == 0)
    C.setZero();
  else
    for (Eigen::Index r = 0; r < C.rows(); ++r) C.row(r) = bias;
  blas_product(A, CblasNoTrans, B, CblasTrans, 1.0f, C);
  return C;
#endif
}

Mat matmul(const Eigen::Ref<const Mat>& A, const Eigen::Ref<const Mat>& B) {
  if (A.cols() != B.rows())
    throw Error("matrix product: A has " + std::to_string(A.cols()) + " columns, B " + std::to_string(B.rows()) +
                " rows");
#ifdef __wasm_simd128__
  return blocked_product(A, static_cast<int>(B.cols()), static_cast<int>(B.rows()),
                         [&](int p, int j) { return B(p, j); });
#else
  return blas_product(A, CblasNoTrans, B, CblasNoTrans);
#endif
}

Mat matmul_transposed_a(const Eigen::Ref<const Mat>& A, const Eigen::Ref<const Mat>& B) {
  if (A.rows() != B.rows())
    throw Error("matrix product: A^T has " + std::to_string(A.rows()) + " columns, B " + std::to_string(B.rows()) +
                " rows");
#ifdef __wasm_simd128__
  return matmul(Mat(A.transpose()), B);  // the kernel walks rows of its left side
#else
  return blas_product(A, CblasTrans, B, CblasNoTrans);
#endif
}

void add_matmul_transposed_a(const Eigen::Ref<const Mat>& A, const Eigen::Ref<const Mat>& B, Eigen::Ref<Mat> C) {
  if (A.rows() != B.rows() || C.rows() != A.cols() || C.cols() != B.cols())
    throw Error("matrix product: A^T B of " + std::to_string(A.cols()) + "x" + std::to_string(A.rows()) + " and " +
                std::to_string(B.rows()) + "x" + std::to_string(B.cols()) + " added to " + std::to_string(C.rows()) +
                "x" + std::to_string(C.cols()));
#ifdef __wasm_simd128__
  C += matmul_transposed_a(A, B);
#else
  blas_product(A, CblasTrans, B, CblasNoTrans, 1.0f, C);
#endif
}

}  // namespace vp
