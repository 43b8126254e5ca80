// Appendix B's three positional encodings, and the linear-shift property of the sinusoids.
#include <catch2/catch.hpp>
#include <cmath>

#include "nn/positional_encoding.h"

using vp::Mat;

TEST_CASE("positional encoding: the index and the index over the length", "[positional_encoding]") {
  const Mat index = vp::pe_index(5, 3);
  for (int pos = 0; pos < 5; ++pos) CHECK(index.row(pos) == Mat::Constant(1, 3, float(pos)));
  // the article's four words: 0, 0.25, 0.5, 0.75
  const Mat over = vp::pe_index_over_length(4, 2);
  const float expected[] = {0.0f, 0.25f, 0.5f, 0.75f};
  for (int pos = 0; pos < 4; ++pos) CHECK(over.row(pos) == Mat::Constant(1, 2, expected[pos]));
  CHECK_THROWS_AS(vp::pe_index(3, 0), vp::Error);
}

TEST_CASE("positional encoding: the sinusoid formula", "[positional_encoding]") {
  const int d = 6;
  const Mat pe = vp::pe_sinusoidal(50, d);
  // PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d))
  for (int pos : {0, 1, 2, 17, 49})
    for (int i = 0; i < d / 2; ++i) {
      const double angle = pos / std::pow(10000.0, 2.0 * i / d);
      CHECK(pe(pos, 2 * i) == Approx(std::sin(angle)).margin(1e-6));
      CHECK(pe(pos, 2 * i + 1) == Approx(std::cos(angle)).margin(1e-6));
    }
  // by hand: pos 1, d 6: pair 1 divides by 10000^(1/3) = 21.544
  CHECK(pe(1, 2) == Approx(std::sin(1 / 21.5443469)).margin(1e-6));
  CHECK(vp::pe_frequency(0, d) == 1.0);
}

TEST_CASE("positional encoding: PE(pos + k) = M_k PE(pos) for every pos", "[positional_encoding]") {
  for (int d : {2, 4, 10, 64}) {
    const Mat pe = vp::pe_sinusoidal(40, d);  // row pos is PE(pos)
    for (int k : {1, 2, 7, 13}) {
      const Mat M = vp::pe_shift_matrix(k, d);
      // all positions at once: row pos of PE M_k^T is (M_k PE(pos))^T
      const Mat shifted = pe.topRows(40 - k) * M.transpose();
      INFO("d " << d << ", k " << k);
      CHECK((shifted - pe.bottomRows(40 - k)).cwiseAbs().maxCoeff() < 1e-5f);
    }
  }
  // M_0 is the identity
  CHECK(vp::pe_shift_matrix(0, 8).isIdentity());
}
