// The small pieces of a layer: LayerNorm against its plain-loop definition, the activations
// at known points, and the attention masks.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "nn/activations.h"
#include "nn/attention.h"
#include "nn/layernorm.h"

using vp::Mat;

namespace {

const float kInf = std::numeric_limits<float>::infinity();

// A fixed [rows, cols] matrix of varied entries in [-1, 1] (leaves std::rand alone).
Mat varied(int rows, int cols, float phase) {
  return Mat::NullaryExpr(rows, cols, [=](Eigen::Index i, Eigen::Index j) {
    return std::sin(phase + 1.3f * float(i) + 0.7f * float(j * j));
  });
}

// y_ij = (x_ij - mean_i) / sqrt(var_i + eps) * gamma_j + beta_j, in double, one loop per sum.
Mat naive_layernorm(const Mat& x, const vp::LayerNorm& ln) {
  Mat y(x.rows(), x.cols());
  for (int i = 0; i < x.rows(); ++i) {
    double mean = 0, var = 0;
    for (int j = 0; j < x.cols(); ++j) mean += x(i, j);
    mean /= x.cols();
    for (int j = 0; j < x.cols(); ++j) var += (x(i, j) - mean) * (x(i, j) - mean);
    var /= x.cols();  // biased, as nn.LayerNorm
    for (int j = 0; j < x.cols(); ++j)
      y(i, j) = float((x(i, j) - mean) / std::sqrt(var + ln.eps) * ln.weight(j) + ln.bias(j));
  }
  return y;
}

}  // namespace

TEST_CASE("layernorm matches the plain-loop definition", "[layers]") {
  vp::LayerNorm ln = vp::layernorm_identity(7);
  ln.weight = varied(1, 7, 0.1f).array() + 1.0f;
  ln.bias = varied(1, 7, 0.2f);
  const Mat x = varied(5, 7, 0.3f) * 3.0f;
  const Mat y = vp::layernorm_forward(ln, x);
  const Mat ref = naive_layernorm(x, ln);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 7; ++j) CHECK(y(i, j) == Approx(ref(i, j)).margin(1e-5));

  // identity gains: each row comes out with mean 0 and variance 1 (up to eps)
  const Mat z = vp::layernorm_forward(vp::layernorm_identity(7), x);
  for (int i = 0; i < 5; ++i) {
    CHECK(z.row(i).mean() == Approx(0).margin(1e-5));
    CHECK(z.row(i).squaredNorm() / 7 == Approx(1).epsilon(1e-3));
  }
  CHECK_THROWS_WITH(vp::layernorm_forward(ln, Mat::Zero(2, 3)), Catch::Contains("3 features"));
}

TEST_CASE("relu and gelu at known points", "[layers]") {
  const Mat x = vp::from_rows({{-2, -1, 0, 1, 2}});
  CHECK(vp::relu(x) == vp::from_rows({{0, 0, 0, 1, 2}}));
  // gelu(x) = x Phi(x): Phi(1) = 0.8413447, Phi(2) = 0.9772499
  const float expected[] = {-2 * (1 - 0.9772499f), -(1 - 0.8413447f), 0, 0.8413447f, 2 * 0.9772499f};
  const Mat g = vp::gelu(x);
  for (int j = 0; j < 5; ++j) CHECK(g(0, j) == Approx(expected[j]).margin(1e-6));
  CHECK(vp::activate(vp::Activation::gelu, x) == g);
  CHECK(vp::parse_activation("relu") == vp::Activation::relu);
  CHECK_THROWS_WITH(vp::parse_activation("tanh"), Catch::Contains("tanh"));
}

TEST_CASE("causal mask: word i sees words 0..i", "[layers][masks]") {
  const Mat m = vp::causal_mask(4);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) CHECK(m(i, j) == (j <= i ? 0.0f : -kInf));

  // through attention: the first query can only take the first value
  const Mat Q = varied(4, 3, 0.4f), K = varied(4, 3, 0.5f), V = varied(4, 2, 0.6f);
  vp::AttentionResult r = vp::attention_forward(Q, K, V, {true, &m});
  CHECK(r.weights(0, 0) == Approx(1));
  CHECK(r.output.row(0).isApprox(V.row(0)));
  for (int i = 0; i < 4; ++i) {
    CHECK(r.weights.row(i).sum() == Approx(1.0f));
    // (Eigen's vectorised exp clamps -inf, leaving ~1e-38 rather than an exact 0)
    for (int j = i + 1; j < 4; ++j) CHECK(r.weights(i, j) == Approx(0).margin(1e-30));
  }
}

TEST_CASE("padding and boolean masks", "[layers][masks]") {
  const Mat pad = vp::padding_mask(2, {true, false, true});
  CHECK(pad == vp::from_rows({{0, -kInf, 0}, {0, -kInf, 0}}));
  // PyTorch's boolean convention: nonzero = blocked
  CHECK(vp::additive_mask_from_bool(vp::from_rows({{0, 1}, {1, 0}})) == vp::from_rows({{0, -kInf}, {-kInf, 0}}));
  const Mat both = vp::combine_masks(vp::causal_mask(3), vp::padding_mask(3, {true, true, false}));
  CHECK(both == vp::from_rows({{0, -kInf, -kInf}, {0, 0, -kInf}, {0, 0, -kInf}}));
  CHECK_THROWS_WITH(vp::combine_masks(vp::causal_mask(3), vp::causal_mask(2)), Catch::Contains("second mask"));

  // a padded key gets no weight from any query
  const Mat Q = varied(2, 4, 0.7f), K = varied(3, 4, 0.8f), V = varied(3, 4, 0.9f);
  vp::AttentionResult r = vp::attention_forward(Q, K, V, {false, &pad});
  CHECK(r.weights.col(1).cwiseAbs().maxCoeff() < 1e-30f);
}
