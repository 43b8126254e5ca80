// matmul_transposed (A B^T), matmul (A B), matmul_transposed_a (A^T B) and
// add_matmul_transposed_a (C += A^T B) against a plain triple loop (natively OpenBLAS, in
// WebAssembly the SIMD128 kernel of nn/gemm_simd128.cpp), for sizes that hit every edge of the
// kernel's 4x8 blocks (B's rows read in place or packed, A^T read down A's columns), on blocks
// of larger matrices, and for empty inner dimensions.
#include <catch2/catch.hpp>

#include "nn/gemm.h"
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
        const Mat A_transposed = A.transpose();
        for (const Mat& C : {vp::matmul_transposed(A, B), vp::matmul(A, B_transposed),
                             vp::matmul_transposed_a(A_transposed, B_transposed)}) {
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
  // A^T B with both operands strided blocks: A^T's rows are read down A's columns
  const Mat At = big.block(2, 3, 8, 10), Bt = big.block(11, 14, 8, 9);
  CHECK((vp::matmul_transposed_a(big.block(2, 3, 8, 10), big.block(11, 14, 8, 9)) -
         reference(At.transpose(), Bt.transpose())).cwiseAbs().maxCoeff() < 1e-5f);
  CHECK_THROWS_AS(vp::matmul_transposed(rng.mat(2, 3), rng.mat(2, 4)), vp::Error);
  CHECK_THROWS_AS(vp::matmul(rng.mat(2, 3), rng.mat(4, 2)), vp::Error);
}

TEST_CASE("C += A^T B accumulates in place, also into a block of rows", "[gemm]") {
  gradcheck::Random rng(5);
  const Mat A = rng.mat(11, 6), B = rng.mat(11, 9);  // A^T B: [6, 9]
  const Mat expected = reference(A.transpose(), B.transpose());
  Mat weights = rng.mat(20, 9);  // rows 7..12 play the gradient of one block of a weight
  const Mat before = weights;
  vp::add_matmul_transposed_a(A, B, weights.middleRows(7, 6));
  CHECK((weights.middleRows(7, 6) - before.middleRows(7, 6) - expected).cwiseAbs().maxCoeff() < 1e-5f);
  CHECK(weights.topRows(7) == before.topRows(7));
  CHECK(weights.bottomRows(7) == before.bottomRows(7));
  Mat twice = Mat::Zero(6, 9);
  vp::add_matmul_transposed_a(A, B, twice);
  vp::add_matmul_transposed_a(A, B, twice);
  CHECK((twice - 2 * expected).cwiseAbs().maxCoeff() < 1e-5f);
  CHECK_THROWS_AS(vp::add_matmul_transposed_a(A, B, twice.leftCols(8)), vp::Error);
  CHECK_THROWS_AS(vp::matmul_transposed_a(rng.mat(3, 2), rng.mat(4, 2)), vp::Error);
}

TEST_CASE("products over an empty inner dimension are zero; empty results are empty", "[gemm]") {
  const Mat a(3, 0), b(4, 0), none(0, 5);
  CHECK(vp::matmul_transposed(a, b) == Mat::Zero(3, 4));
  CHECK(vp::matmul(a, Mat(0, 4)) == Mat::Zero(3, 4));
  CHECK(vp::matmul_transposed_a(Mat(0, 3), Mat(0, 4)) == Mat::Zero(3, 4));
  Mat c = Mat::Ones(3, 4);
  vp::add_matmul_transposed_a(Mat(0, 3), Mat(0, 4), c);
  CHECK(c == Mat::Ones(3, 4));
  CHECK(vp::matmul(none.transpose(), none).size() == 25);
  CHECK(vp::matmul_transposed(Mat(0, 2), Mat(3, 2)).rows() == 0);
}

TEST_CASE("products on both sides of the size where natively Eigen hands over to OpenBLAS", "[gemm]") {
  gradcheck::Random rng(6);
  for (int m : {16, 40}) {  // 16*16*16 multiply-adds go through Eigen, 40*40*40 through OpenBLAS
    const Mat A = rng.mat(m, m), B = rng.mat(m, m), A_transposed = A.transpose(), B_transposed = B.transpose();
    const Mat expected = reference(A, B);
    CHECK((vp::matmul_transposed(A, B) - expected).cwiseAbs().maxCoeff() < 1e-4f);
    CHECK((vp::matmul(A, B_transposed) - expected).cwiseAbs().maxCoeff() < 1e-4f);
    CHECK((vp::matmul_transposed_a(A_transposed, B_transposed) - expected).cwiseAbs().maxCoeff() < 1e-4f);
    Mat sum = expected;
    vp::add_matmul_transposed_a(A_transposed, B_transposed, sum);
    CHECK((sum - 2 * expected).cwiseAbs().maxCoeff() < 1e-4f);
  }
}

TEST_CASE("A B^T + bias adds the bias to every row, or nothing when it is empty", "[gemm]") {
  gradcheck::Random rng(7);
  for (int m : {3, 40}) {
    const Mat A = rng.mat(m, 13), B = rng.mat(9, 13), expected = reference(A, B);
    const vp::Vec bias = rng.mat(1, 9);
    CHECK((vp::matmul_transposed_plus_bias(A, B, bias) - (expected.rowwise() + bias)).cwiseAbs().maxCoeff() < 1e-4f);
    CHECK((vp::matmul_transposed_plus_bias(A, B, vp::Vec()) - expected).cwiseAbs().maxCoeff() < 1e-4f);
  }
  CHECK_THROWS_AS(vp::matmul_transposed_plus_bias(rng.mat(2, 3), rng.mat(4, 3), vp::Vec::Zero(3)), vp::Error);
  CHECK_THROWS_AS(vp::matmul_transposed_plus_bias(rng.mat(2, 3), rng.mat(4, 2), vp::Vec()), vp::Error);
}
