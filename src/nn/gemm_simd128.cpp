// WebAssembly matrix products: Eigen 3.4 has no SIMD path there (it multiplies one float at a
// time), so a 4x8 register-blocked kernel on wasm_simd128.h's 128-bit vectors does (-msimd128):
//
//   for each 8-column panel of C:  pack those 8 columns of B^T (or B) as [k][8]
//     for each 4 rows of A:        C[4x8] (+)= sum_p A[4][p] * panel[p][8]    (8 accumulators)
#include <wasm_simd128.h>

#include <algorithm>
#include <vector>

#include "nn/gemm_backend.h"

namespace vp {
namespace {

void store(const float* out, int cols, bool accumulate, float* c) {
  if (accumulate)
    for (int j = 0; j < cols; ++j) c[j] += out[j];
  else
    std::copy_n(out, cols, c);
}

constexpr int kRows = 4, kCols = 8;  // the register block: 4 rows x 2 vectors of 4 floats

// C[i, j0 + j] (+)= for j < cols (<= 8) and rows [0, m) of A, from the packed panel [k][8].
void panel_product(const Eigen::Ref<const Mat>& A, const float* panel, int k, bool accumulate, Eigen::Ref<Mat> C,
                   int j0, int cols) {
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
    for (int r = 0; r < kRows; ++r) store(out[r], cols, accumulate, &C(i + r, j0));
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
    store(out[0], cols, accumulate, &C(i, j0));
  }
}

// C (+)= A R with R: [k, n] given by its entries: at(p, j) = R[p][j]. Columns j0..j0+7 of R are
// packed as [k][8] (zero past the last column), then multiplied by every row of A.
template <class Entry>
void blocked_product(const Eigen::Ref<const Mat>& A, int n, int k, Entry at_column, bool accumulate,
                     Eigen::Ref<Mat> C) {
  std::vector<float> panel(static_cast<size_t>(k) * kCols);
  for (int j0 = 0; j0 < n; j0 += kCols) {
    const int cols = std::min(kCols, n - j0);
    for (int p = 0; p < k; ++p)
      for (int j = 0; j < kCols; ++j) panel[p * kCols + j] = j < cols ? at_column(p, j0 + j) : 0.0f;
    panel_product(A, panel.data(), k, accumulate, C, j0, cols);
  }
}

}  // namespace

void gemm(const Eigen::Ref<const Mat>& A, bool transpose_a, const Eigen::Ref<const Mat>& B, bool transpose_b,
          float beta, Eigen::Ref<Mat> C) {
  if (transpose_a) {  // the kernel walks rows of its left side
    gemm(Mat(A.transpose()), false, B, transpose_b, beta, C);
    return;
  }
  const bool accumulate = beta != 0.0f;
  if (transpose_b)  // R = B^T: R[p][j] = B[j][p]
    blocked_product(A, static_cast<int>(B.rows()), static_cast<int>(B.cols()), [&](int p, int j) { return B(j, p); },
                    accumulate, C);
  else
    blocked_product(A, static_cast<int>(B.cols()), static_cast<int>(B.rows()), [&](int p, int j) { return B(p, j); },
                    accumulate, C);
}

}  // namespace vp
