// matmul_transposed (A B^T) and matmul (A B) (in WebAssembly the SIMD128 kernel of core/gemm.cpp)
// against a plain triple loop, for sizes that hit every edge of its 4x8 blocks, and on blocks of
// larger matrices.
#include <catch2/catch.hpp>

#include "core/gemm.h"
#include "grad_check.h"

using vp::Mat;

namespace {
Mat reference(const Mat& A, const Mat& B) {  // C_ij = sum_p A_ip B_jp
  Mat C = Mat::Zero(A.rows(), B.rows());
  for (Eigen::Index i = 0; i < A.rows(); ++i)
    for (Eigen::Index j = 0; j < B.rows(); ++j)
      for (Eigen::Index p = 0; p < A.cols(); ++p) C(i, j) += A(i, p) * B(j, p);
  return C;
}
}  // namespace

TEST_CASE("A B^T and A B equal the triple loop at every block edge", "[gemm]") {
  gradcheck::Random rng(3);
  for (int m : {1, 3, 4, 5, 17})
    for (int n : {1, 7, 8, 9, 20})
      for (int k : {1, 4, 13}) {
        const Mat A = rng.mat(m, k), B = rng.mat(n, k), B_transposed = B.transpose();
        for (const Mat& C : {vp::matmul_transposed(A, B), vp::matmul(A, B_transposed)}) {
          REQUIRE(C.rows() == m);
          REQUIRE(C.cols() == n);
          CHECK((C - reference(A, B)).cwiseAbs().maxCoeff() < 1e-5f);
        }
      }
}

TEST_CASE("A B^T on blocks of larger matrices, and a shape mismatch", "[gemm]") {
  gradcheck::Random rng(4);
  const Mat big = rng.mat(30, 24);
  const Mat A = big.block(3, 5, 10, 8), B = big.block(12, 16, 9, 8);  // strided column blocks
  CHECK((vp::matmul_transposed(big.block(3, 5, 10, 8), big.block(12, 16, 9, 8)) - reference(A, B))
            .cwiseAbs().maxCoeff() < 1e-5f);
  CHECK((vp::matmul_transposed(big.middleRows(2, 6), big.middleRows(10, 11)) -
         reference(big.middleRows(2, 6), big.middleRows(10, 11))).cwiseAbs().maxCoeff() < 1e-5f);
  CHECK((vp::matmul(big.block(3, 5, 10, 8), big.block(12, 16, 8, 9)) -
         reference(A, big.block(12, 16, 8, 9).transpose())).cwiseAbs().maxCoeff() < 1e-5f);
  CHECK_THROWS_AS(vp::matmul_transposed(rng.mat(2, 3), rng.mat(2, 4)), vp::Error);
  CHECK_THROWS_AS(vp::matmul(rng.mat(2, 3), rng.mat(4, 2)), vp::Error);
}
