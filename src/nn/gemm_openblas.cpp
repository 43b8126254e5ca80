// Native matrix products: Debian's OpenBLAS (cblas_sgemm), at one thread of its own (the
// core's pool, nn/parallel.h, calls it from several threads at once), and Eigen for the products
// too small for a BLAS call to pay off. Why OpenBLAS and where the limit lies:
// docs/benchmarks.md ("Matrix products").
#include <cblas.h>

#include "nn/gemm_backend.h"

namespace vp {
namespace {

// Below this many multiply-adds (m n k) Eigen's own product finishes sooner than cblas_sgemm,
// whose fixed cost per call outweighs the arithmetic: one attention head's products are below
// it, a linear layer over a batch of tokens above (docs/benchmarks.md, "Matrix products").
constexpr long kSmallProduct = 32 * 32 * 32;

// C (+)= L R in Eigen: L, R are the operands as is or as transposed views.
template <class Left, class Right>
void eigen_product(const Left& L, const Right& R, float beta, Eigen::Ref<Mat> C) {
  if (beta == 0.0f)
    C.noalias() = L * R;
  else
    C.noalias() += L * R;
}

}  // namespace

// Small products in Eigen, the others through cblas_sgemm, whose leading dimensions are the
// blocks' row strides, so blocks need no copy.
void gemm(const Eigen::Ref<const Mat>& A, bool transpose_a, const Eigen::Ref<const Mat>& B, bool transpose_b,
          float beta, Eigen::Ref<Mat> C) {
  static const bool one_blas_thread = (openblas_set_num_threads(1), true);  // once, before the first call
  (void)one_blas_thread;
  const CBLAS_TRANSPOSE a_op = transpose_a ? CblasTrans : CblasNoTrans, b_op = transpose_b ? CblasTrans : CblasNoTrans;
  const int k = static_cast<int>(transpose_a ? A.rows() : A.cols());
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

}  // namespace vp
