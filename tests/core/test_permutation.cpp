// Attention is order-blind without positional encoding: Attention(P x) = P Attention(x).
#include <catch2/catch.hpp>

#include "lessons/examples.h"
#include "lessons/permutation.h"
#include "nn/positional_encoding.h"

using vp::Mat;

TEST_CASE("permute_rows is multiplication by the permutation matrix", "[permutation]") {
  Mat m = vp::from_rows({{1, 2}, {3, 4}, {5, 6}});
  std::vector<int> perm = {2, 0, 1};
  Mat P = Mat::Zero(3, 3);
  for (int i = 0; i < 3; ++i) P(i, perm[i]) = 1;
  CHECK(vp::permute_rows(m, perm) == P * m);
  CHECK(vp::permute_rows(vp::permute_rows(m, perm), vp::inverse_permutation(perm)) == m);
  CHECK(vp::inverse_permutation(perm) == std::vector<int>{1, 2, 0});
  CHECK_THROWS_AS(vp::permute_rows(m, {0, 0, 1}), vp::Error);
  CHECK_THROWS_AS(vp::permute_rows(m, {0, 1}), vp::Error);
  CHECK_THROWS_AS(vp::permute_rows(m, {0, 1, 3}), vp::Error);
}

TEST_CASE("without PE the outputs only permute; with PE they change", "[permutation]") {
  auto ex = vp::article_example();
  for (const std::vector<int>& perm : {std::vector<int>{1, 0, 2}, {2, 0, 1}, {0, 2, 1}}) {
    vp::Trace trace;
    auto blind = vp::attention_order_check(ex.x, perm, Mat(), ex.weights, &trace);
    CHECK(blind.max_difference < 1e-5f);
    CHECK(blind.out_permuted.isApprox(vp::permute_rows(blind.out, perm), 1e-5f));
    CHECK(trace.steps.size() == 2);

    auto seeing = vp::attention_order_check(ex.x, perm, vp::pe_sinusoidal(3, 4), ex.weights);
    CHECK(seeing.max_difference > 0.01f);
    CHECK(seeing.x.isApprox(ex.x + vp::pe_sinusoidal(3, 4)));
  }
  // the identity permutation changes nothing, with or without PE
  auto same = vp::attention_order_check(ex.x, {0, 1, 2}, vp::pe_sinusoidal(3, 4), ex.weights);
  CHECK(same.max_difference == 0);
  CHECK_THROWS_AS(vp::attention_order_check(ex.x, {0, 1, 2}, vp::pe_sinusoidal(3, 3), ex.weights), vp::Error);
}
