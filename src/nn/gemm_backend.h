// The one product every function of gemm.h ends in, implemented once per target; CMake picks
// the file: gemm_openblas.cpp natively, gemm_simd128.cpp in WebAssembly.
#pragma once
#include "nn/tensor.h"

namespace vp {

// C: [m, n] = op(A) op(B) + beta C, with op(X) = X or X^T and beta 0 or 1. All row-major;
// blocks (middleRows, block, ...) come without copies. The caller has checked the shapes.
void gemm(const Eigen::Ref<const Mat>& A, bool transpose_a, const Eigen::Ref<const Mat>& B, bool transpose_b,
          float beta, Eigen::Ref<Mat> C);

}  // namespace vp
