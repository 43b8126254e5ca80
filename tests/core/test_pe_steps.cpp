// Appendix B worked through: neighbour gaps, one code term by term, PE(pos + k) = M_k PE(pos).
#include <catch2/catch.hpp>
#include <cmath>

#include "lessons/pe_steps.h"
#include "nn/positional_encoding.h"

using vp::Mat;

TEST_CASE("pe steps: index over length has gap 1/n", "[pe_steps]") {
  Mat four = vp::pe_neighbour_steps(vp::pe_index_over_length(4, 1));
  REQUIRE(four.rows() == 3);
  for (int i = 0; i < 3; ++i) CHECK(four(i, 0) == Approx(0.25));
  Mat hundred = vp::pe_neighbour_steps(vp::pe_index_over_length(100, 1));
  CHECK(hundred(50, 0) == Approx(0.01));
  CHECK(vp::pe_neighbour_steps(vp::pe_index(1, 2)).rows() == 0);
}

TEST_CASE("pe terms: 头 at pos 1 with d = 4, by hand", "[pe_steps]") {
  auto t = vp::pe_terms(1, 4);
  REQUIRE(t.size() == 4);
  // pairs: i = 0 divides by 10000^0 = 1, i = 1 by 10000^(2/4) = 100
  CHECK(t[0].divisor == Approx(1));
  CHECK(t[2].divisor == Approx(100));
  CHECK(t[3].exponent == Approx(0.5));
  CHECK(t[0].is_sin);
  CHECK(!t[1].is_sin);
  CHECK(t[0].value == Approx(std::sin(1.0)));
  CHECK(t[1].value == Approx(std::cos(1.0)));
  CHECK(t[2].value == Approx(std::sin(0.01)));
  CHECK(t[3].value == Approx(std::cos(0.01)));
}

TEST_CASE("pe terms agree with pe_sinusoidal; pos 0 is 0, 1, 0, 1, ...", "[pe_steps]") {
  for (int d : {1, 4, 7, 16})
    for (int pos : {0, 1, 5, 37}) {
      Mat pe = vp::pe_sinusoidal(pos + 1, d);
      auto t = vp::pe_terms(pos, d);
      for (int c = 0; c < d; ++c) CHECK(t[c].value == Approx(pe(pos, c)).margin(1e-6));
    }
  for (const auto& t : vp::pe_terms(0, 6)) CHECK(t.value == (t.is_sin ? 0.0 : 1.0));
  CHECK_THROWS_AS(vp::pe_terms(-1, 4), vp::Error);
}

TEST_CASE("pe shift: M_k PE(pos) equals PE(pos + k), M_k is block-diagonal rotations", "[pe_steps]") {
  for (int d : {2, 4, 8, 16})
    for (int pos : {0, 3, 20})
      for (int k : {-3, 0, 1, 5}) {
        if (pos + k < 0) continue;
        vp::Trace trace;
        auto s = vp::pe_shift(pos, k, d, &trace);
        CHECK(s.max_difference < 1e-5f);
        CHECK(s.shifted.isApprox(s.pe_target, 1e-4f));
        // rotations are orthogonal: M M^T = I
        CHECK((s.M * s.M.transpose()).isApprox(Mat::Identity(d, d), 1e-5f));
        for (int r = 0; r < d; ++r)
          for (int c = 0; c < d; ++c)
            if (r / 2 != c / 2) CHECK(s.M(r, c) == 0);
        CHECK(trace.steps.size() == 1);
      }
  CHECK_THROWS_AS(vp::pe_shift(0, 1, 5, nullptr), vp::Error);
  CHECK_THROWS_AS(vp::pe_shift(2, -3, 4, nullptr), vp::Error);
}
