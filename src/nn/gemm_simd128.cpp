// WebAssembly matrix products: Eigen 3.4 has no SIMD path there (it multiplies one float at a
// time), so a register-blocked kernel on wasm_simd128.h's 128-bit vectors does (-msimd128):
//
//   for each 8-column panel of op(B):  [k][8], B's own rows when op(B) = B (no copy), else packed
//     for each 4 rows of op(A):        C[4x8] (+)= sum_p op(A)[4][p] * panel[p][8]  (8 accumulators)
//
// op(A) is read in place either way: a row of A, or for A^T a column, whose four entries of one
// p lie side by side. Products are small here (one head of one image: 17x16 times 16x17), so
// what surrounds the arithmetic counts: no heap allocation per product, no copy of A^T, and B
// packed only when it is transposed. Measurements: docs/benchmarks.md ("Matrix products").
#include <wasm_simd128.h>

#include <algorithm>
#include <vector>

#include "nn/gemm_backend.h"

namespace vp {
namespace {

constexpr int kRows = 4, kCols = 8;  // the register block: 4 rows x 2 vectors of 4 floats

// op(A) as it lies in memory: entry (i, p) at data[i * row_step + p * column_step].
struct LeftOperand {
  const float* data;
  Eigen::Index row_step, column_step;
};

// One panel of op(B): entry (p, j) at data[p * stride + j], j < 8 (zero past the panel's columns).
struct Panel {
  const float* data;
  Eigen::Index stride;
};

// One row of C from column j0 on, c: its first cols (<= 8) entries (+)= those of the vectors lo, hi.
inline void store_row(v128_t lo, v128_t hi, int cols, bool accumulate, float* c) {
  if (cols == kCols) {
    if (accumulate) {
      lo = wasm_f32x4_add(lo, wasm_v128_load(c));
      hi = wasm_f32x4_add(hi, wasm_v128_load(c + 4));
    }
    wasm_v128_store(c, lo);
    wasm_v128_store(c + 4, hi);
    return;
  }
  float out[kCols];
  wasm_v128_store(out, lo);
  wasm_v128_store(out + 4, hi);
  for (int j = 0; j < cols; ++j) c[j] = accumulate ? c[j] + out[j] : out[j];
}

// C[i, j0 + j] (+)= sum_p op(A)[i][p] panel[p][j] for j < cols (<= 8) and every row i of op(A).
template <bool kLeftTransposed>
void panel_product(const LeftOperand& A, Eigen::Index m, Eigen::Index k, const Panel& B, bool accumulate,
                   Eigen::Ref<Mat> C, Eigen::Index j0, int cols) {
  Eigen::Index i = 0;
  for (; i + kRows <= m; i += kRows) {
    const float* a = A.data + i * A.row_step;
    v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
    for (Eigen::Index p = 0; p < k; ++p) {
      const float* b = B.data + p * B.stride;
      const v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
      v128_t a0, a1, a2, a3;
      if constexpr (kLeftTransposed) {  // op(A)[i..i+3][p] = A[p][i..i+3]: one load, four lanes
        const v128_t column = wasm_v128_load(a + p * A.column_step);
        a0 = wasm_i32x4_shuffle(column, column, 0, 0, 0, 0);
        a1 = wasm_i32x4_shuffle(column, column, 1, 1, 1, 1);
        a2 = wasm_i32x4_shuffle(column, column, 2, 2, 2, 2);
        a3 = wasm_i32x4_shuffle(column, column, 3, 3, 3, 3);
      } else {
        a0 = wasm_f32x4_splat(a[p]);
        a1 = wasm_f32x4_splat(a[A.row_step + p]);
        a2 = wasm_f32x4_splat(a[2 * A.row_step + p]);
        a3 = wasm_f32x4_splat(a[3 * A.row_step + p]);
      }
      c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a0, b0));
      c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a0, b1));
      c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a1, b0));
      c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a1, b1));
      c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a2, b0));
      c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a2, b1));
      c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a3, b0));
      c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a3, b1));
    }
    store_row(c00, c01, cols, accumulate, &C(i, j0));
    store_row(c10, c11, cols, accumulate, &C(i + 1, j0));
    store_row(c20, c21, cols, accumulate, &C(i + 2, j0));
    store_row(c30, c31, cols, accumulate, &C(i + 3, j0));
  }
  for (; i < m; ++i) {  // the last m % 4 rows one at a time
    const float* a = A.data + i * A.row_step;
    v128_t c0 = wasm_f32x4_splat(0), c1 = c0;
    for (Eigen::Index p = 0; p < k; ++p) {
      const float* b = B.data + p * B.stride;
      const v128_t ap = wasm_f32x4_splat(a[p * A.column_step]);
      c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(ap, wasm_v128_load(b)));
      c1 = wasm_f32x4_add(c1, wasm_f32x4_mul(ap, wasm_v128_load(b + 4)));
    }
    store_row(c0, c1, cols, accumulate, &C(i, j0));
  }
}

// The packed panels' buffer, one per thread, kept between products.
std::vector<float>& panel_buffer(Eigen::Index floats) {
  thread_local std::vector<float> buffer;
  if (buffer.size() < static_cast<size_t>(floats)) buffer.resize(static_cast<size_t>(floats));
  return buffer;
}

template <bool kLeftTransposed>
void blocked_product(const LeftOperand& A, Eigen::Index m, Eigen::Index k, const Eigen::Ref<const Mat>& B,
                     bool transpose_b, bool accumulate, Eigen::Ref<Mat> C) {
  const Eigen::Index n = C.cols();
  float* packed = panel_buffer(k * kCols).data();
  for (Eigen::Index j0 = 0; j0 < n; j0 += kCols) {
    const int cols = static_cast<int>(std::min<Eigen::Index>(kCols, n - j0));
    Panel panel{packed, kCols};
    if (transpose_b) {  // op(B)[p][j] = B[j][p]: B's rows j0.. become the panel's columns
      for (int j = 0; j < kCols; ++j) {
        const float* row = j < cols ? B.data() + (j0 + j) * B.outerStride() : nullptr;
        for (Eigen::Index p = 0; p < k; ++p) packed[p * kCols + j] = row ? row[p] : 0.0f;
      }
    } else if (cols == kCols) {  // B's rows hold the panel as it is
      panel = Panel{B.data() + j0, B.outerStride()};
    } else {  // the last, narrower panel: padded with zeros so that whole vectors can be loaded
      for (Eigen::Index p = 0; p < k; ++p)
        for (int j = 0; j < kCols; ++j) packed[p * kCols + j] = j < cols ? B(p, j0 + j) : 0.0f;
    }
    panel_product<kLeftTransposed>(A, m, k, panel, accumulate, C, j0, cols);
  }
}

}  // namespace

void gemm(const Eigen::Ref<const Mat>& A, bool transpose_a, const Eigen::Ref<const Mat>& B, bool transpose_b,
          float beta, Eigen::Ref<Mat> C) {
  const bool accumulate = beta != 0.0f;
  const Eigen::Index m = C.rows(), k = transpose_a ? A.rows() : A.cols();
  if (k == 0) {  // a sum of nothing
    if (!accumulate) C.setZero();
    return;
  }
  if (transpose_a)  // op(A)[i][p] = A[p][i]
    blocked_product<true>(LeftOperand{A.data(), 1, A.outerStride()}, m, k, B, transpose_b, accumulate, C);
  else
    blocked_product<false>(LeftOperand{A.data(), A.outerStride(), 1}, m, k, B, transpose_b, accumulate, C);
}

}  // namespace vp
