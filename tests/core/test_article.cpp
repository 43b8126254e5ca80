// The article's worked example (its section 2, "Self-attention, six steps, on a worked
// example"): its printed numbers are the spec.
#include <catch2/catch.hpp>

#include "lessons/examples.h"
#include "lessons/self_attention.h"

using vp::Mat;

TEST_CASE("article: softmax(scores) matches the printed numbers to 4 significant digits", "[article]") {
  auto ex = vp::article_example();
  vp::Trace trace;
  auto r = vp::self_attention(ex.x, ex.weights, {}, &trace);

  const double printed[3][3] = {{6.3379e-02, 4.6831e-01, 4.6831e-01},
                                {6.0337e-06, 9.8201e-01, 1.7986e-02},
                                {2.9539e-04, 8.8054e-01, 1.1917e-01}};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) CHECK(r.softmax(i, j) == Approx(printed[i][j]).epsilon(5e-5));

  REQUIRE(trace.steps.size() == 6);
  const char* ids[] = {"inputs", "qkv", "scores", "softmax", "weighted", "outputs"};
  for (int s = 0; s < 6; ++s) CHECK(trace.steps[s].id == ids[s]);
  CHECK(trace.steps[3].outputs[0].value.isApprox(r.softmax));
}

TEST_CASE("article: Q, K, V and scores", "[article]") {
  auto ex = vp::article_example();
  auto r = vp::self_attention(ex.x, ex.weights, {});
  CHECK(r.K.isApprox(vp::from_rows({{0, 1, 1}, {4, 4, 0}, {2, 3, 1}})));
  CHECK(r.Q.isApprox(vp::from_rows({{1, 0, 2}, {2, 2, 2}, {2, 1, 3}})));
  CHECK(r.V.isApprox(vp::from_rows({{1, 2, 3}, {2, 8, 0}, {2, 6, 3}})));
  CHECK(r.scores.isApprox(vp::from_rows({{2, 4, 4}, {4, 16, 12}, {4, 12, 10}})));
}

TEST_CASE("article: weights rounded to one decimal give exactly its outputs", "[article]") {
  auto ex = vp::article_example();
  vp::SelfAttentionOptions opts;
  opts.round_decimals = 1;
  auto r = vp::self_attention(ex.x, ex.weights, opts);
  Mat expected_weights = vp::from_rows({{0.0f, 0.5f, 0.5f}, {0.0f, 1.0f, 0.0f}, {0.0f, 0.9f, 0.1f}});
  Mat expected_out = vp::from_rows({{2.0f, 7.0f, 1.5f}, {2.0f, 8.0f, 0.0f}, {2.0f, 7.8f, 0.3f}});
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      CHECK(r.weights(i, j) == Approx(expected_weights(i, j)).margin(1e-6));
      CHECK(r.outputs(i, j) == Approx(expected_out(i, j)).margin(1e-5));
    }
}

TEST_CASE("article: unrounded outputs", "[article]") {
  auto ex = vp::article_example();
  auto r = vp::self_attention(ex.x, ex.weights, {});
  Mat expected = vp::from_rows({{1.9366f, 6.6831f, 1.5951f}, {2.0000f, 7.9640f, 0.0540f}, {1.9997f, 7.7599f, 0.3584f}});
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) CHECK(r.outputs(i, j) == Approx(expected(i, j)).margin(1e-4));
  // step 5: row j of weighted values i is w_ij v_j, and they sum to output i
  for (int i = 0; i < 3; ++i) CHECK(r.weighted_values[i].colwise().sum().isApprox(r.outputs.row(i), 1e-5f));
}

TEST_CASE("self-attention refuses bad shapes and NaN with a message", "[article][errors]") {
  auto ex = vp::article_example();
  ex.weights.w_key = Mat::Ones(3, 3);
  CHECK_THROWS_WITH(vp::self_attention(ex.x, ex.weights, {}), Catch::Contains("W_key"));
  ex = vp::article_example();
  ex.x(1, 2) = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_WITH(vp::self_attention(ex.x, ex.weights, {}), Catch::Contains("NaN"));
}
