#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "nn/softmax.h"

using vp::Mat;

// The plain-loop definition, kept here as the reference the Eigen version must match.
static Mat naive_softmax(const Mat& x) {
  Mat y(x.rows(), x.cols());
  for (int r = 0; r < x.rows(); ++r) {
    double sum = 0;
    for (int c = 0; c < x.cols(); ++c) sum += std::exp(double(x(r, c)));
    for (int c = 0; c < x.cols(); ++c) y(r, c) = float(std::exp(double(x(r, c))) / sum);
  }
  return y;
}

TEST_CASE("softmax rows sum to one and match the definition", "[softmax]") {
  Mat x = vp::from_rows({{2, 4, 4}, {4, 16, 12}, {4, 12, 10}});
  Mat y = vp::softmax_rows(x);
  Mat ref = naive_softmax(x);
  for (int r = 0; r < 3; ++r) {
    CHECK(y.row(r).sum() == Approx(1.0f).epsilon(1e-6));
    for (int c = 0; c < 3; ++c) CHECK(y(r, c) == Approx(ref(r, c)).epsilon(1e-5));
  }
}

TEST_CASE("softmax is stable for huge scores", "[softmax]") {
  Mat x = vp::from_rows({{1000, 1001, 1002}, {-1000, -1000, -1000}});
  Mat y = vp::softmax_rows(x);
  REQUIRE(y.allFinite());
  CHECK(y(0, 2) == Approx(0.66524096f).epsilon(1e-5));
  CHECK(y(1, 0) == Approx(1.0f / 3).epsilon(1e-6));
}

TEST_CASE("softmax of a fully masked row is zero, not NaN", "[softmax]") {
  const float inf = std::numeric_limits<float>::infinity();
  Mat x = vp::from_rows({{-inf, -inf}, {0, -inf}});
  Mat y = vp::softmax_rows(x);
  CHECK(y(0, 0) == 0.0f);
  CHECK(y(0, 1) == 0.0f);
  CHECK(y(1, 0) == 1.0f);
  CHECK(y(1, 1) == 0.0f);
}

// Hidden (run only by name): ci/test runs it and expects a failure exit code, proving
// that a failing assertion fails the run natively and under node (WASM exceptions work).
TEST_CASE("a failing assertion fails the run", "[.selfcheck]") {
  REQUIRE(vp::softmax_rows(vp::from_rows({{0, 0}}))(0, 0) == 1.0f);
}
