// Self-attention over an image's cells, checked against plain loops.
#include <catch2/catch.hpp>
#include <cmath>

#include "lessons/grid_attention.h"

using vp::Mat;

TEST_CASE("grid flatten / unflatten go row by row", "[grid_attention]") {
  Mat img = vp::from_rows({{1, 2, 3}, {4, 5, 6}});
  Mat v = vp::grid_flatten(img);
  REQUIRE(v.rows() == 6);
  CHECK(v(3, 0) == 4);
  CHECK(vp::grid_unflatten(v, 2, 3) == img);
  CHECK(vp::grid_unflatten(v.transpose(), 2, 3) == img);
  CHECK_THROWS_AS(vp::grid_unflatten(v, 3, 3), vp::Error);
  CHECK(vp::grid_tokens(img).row(1) == vp::from_rows({{2, -1}}));
}

TEST_CASE("grid attention matches the formula computed by loops", "[grid_attention]") {
  Mat img = vp::grid_shape("cross", 6);
  img(0, 5) = 0.5f;
  vp::GridAttentionOptions opt;
  opt.content_gain = 2.0f;
  opt.position_gain = 0.3f;
  vp::Trace trace;
  auto r = vp::grid_self_attention(img, opt, &trace);
  const int H = 6, W = 6, n = H * W;
  REQUIRE(r.weights.rows() == n);
  for (int t = 0; t < n; ++t) {
    const double pt = img(t / W, t % W);
    std::vector<double> s(n);
    double max = -1e30, sum = 0, out = 0;
    for (int u = 0; u < n; ++u) {
      const double pu = img(u / W, u % W);
      const double dr = t / W - u / W, dc = t % W - u % W;
      s[u] = opt.content_gain * (pt * pu + (1 - pt) * (1 - pu)) - opt.position_gain * (dr * dr + dc * dc);
      max = std::max(max, s[u]);
    }
    for (int u = 0; u < n; ++u) sum += std::exp(s[u] - max);
    for (int u = 0; u < n; ++u) {
      const double w = std::exp(s[u] - max) / sum;
      CHECK(r.scores(t, u) == Approx(s[u]).margin(1e-5));
      CHECK(r.weights(t, u) == Approx(w).margin(1e-6));
      out += w * img(u / W, u % W);
    }
    CHECK(r.output(t / W, t % W) == Approx(out).margin(1e-5));
  }
  CHECK(trace.steps.size() == 4);
}

TEST_CASE("grid attention: no gains = uniform, strong position = the cell itself", "[grid_attention]") {
  Mat img = vp::grid_shape("square", 8);
  auto flat = vp::grid_self_attention(img, {0.0f, 0.0f});
  CHECK(flat.weights(10, 50) == Approx(1.0 / 64));
  CHECK(flat.output(0, 0) == Approx(img.mean()));

  auto local = vp::grid_self_attention(img, {0.0f, 20.0f});
  CHECK(local.weights(27, 27) > 0.99f);
  CHECK(local.output.isApprox(img, 1e-3f));

  // content: a cell of ink listens more to far ink than to near paper
  auto content = vp::grid_self_attention(img, {4.0f, 0.0f});
  const int ink = 2 * 8 + 2, far_ink = 5 * 8 + 5, near_paper = 2 * 8 + 1;
  CHECK(content.weights(ink, far_ink) > content.weights(ink, near_paper));
}

TEST_CASE("grid attention: bad input is refused; shapes", "[grid_attention]") {
  Mat img = vp::grid_shape("ring", 6);
  CHECK(img.sum() == 12);  // the border of a 4x4 block
  CHECK(vp::grid_shape("diagonal", 5).trace() == 5);
  CHECK(vp::grid_shape("empty", 5).sum() == 0);
  CHECK(vp::grid_shape("cross", 12).sum() == 11);  // two bars of 6 sharing one cell
  CHECK_THROWS_AS(vp::grid_shape("star", 6), vp::Error);
  img(1, 1) = INFINITY;
  CHECK_THROWS_AS(vp::grid_self_attention(img, {}), vp::Error);
  CHECK_THROWS_AS(vp::grid_self_attention(vp::grid_shape("square", 4), {-1.0f, 0.0f}), vp::Error);
}
