// The ViT scene's maps: attention rollout, attention rows/columns on the patch grid, position
// similarity, patch filters (lessons/attention_rollout, lessons/vit_maps).
#include <catch2/catch.hpp>

#include <cmath>

#include "lessons/attention_rollout.h"
#include "lessons/vit_maps.h"

using vp::Mat;

namespace {
// A random row-stochastic [n, n] matrix (softmax rows), seeded.
Mat random_attention(int n, unsigned seed) {
  std::srand(seed);
  Mat a = Mat::Random(n, n).array().exp();
  a.array().colwise() /= a.rowwise().sum().array();
  return a;
}
}  // namespace

TEST_CASE("attention rollout mixes in the residual and chains the layers", "[vit][rollout]") {
  const Mat a1 = random_attention(5, 1), a2 = random_attention(5, 2), b2 = random_attention(5, 3);
  const Mat I = Mat::Identity(5, 5);
  // one layer, one head: 0.5 A + 0.5 I (already row-stochastic)
  CHECK((vp::attention_rollout({{a1}}) - (0.5f * a1 + 0.5f * I)).cwiseAbs().maxCoeff() < 1e-6f);
  // two layers, the second with two heads averaged, applied after the first
  const Mat expected = (0.5f * (0.5f * (a2 + b2)) + 0.5f * I) * (0.5f * a1 + 0.5f * I);
  const Mat r = vp::attention_rollout({{a1}, {a2, b2}});
  CHECK((r - expected).cwiseAbs().maxCoeff() < 1e-6f);
  // rows still sum to 1: attention flow is conserved
  CHECK((r.rowwise().sum().array() - 1.0f).abs().maxCoeff() < 1e-5f);
  // identity attention (every token attends to itself) rolls out to the identity
  CHECK((vp::attention_rollout({{I}, {I}}) - I).cwiseAbs().maxCoeff() < 1e-6f);

  SECTION("interventions") {
    vp::VitInterventions iv;
    iv.heads_off = {{}, {false, true}};  // layer 1's second head off: only a2 counts there
    const Mat one_head = (0.5f * a2 + 0.5f * I) * (0.5f * a1 + 0.5f * I);
    CHECK((vp::attention_rollout({{a1}, {a2, b2}}, &iv) - one_head).cwiseAbs().maxCoeff() < 1e-6f);
    iv.attention_off = {true};  // layer 0 off: only the residual passes
    CHECK((vp::attention_rollout({{a1}, {a2, b2}}, &iv) - (0.5f * a2 + 0.5f * I)).cwiseAbs().maxCoeff() < 1e-6f);
  }
  CHECK_THROWS_AS(vp::attention_rollout({}), vp::Error);
  CHECK_THROWS_AS(vp::attention_rollout({{a1}, {Mat::Identity(4, 4)}}), vp::Error);
}

TEST_CASE("attention rows and columns on the patch grid", "[vit][rollout]") {
  // 1 class token + 2 x 3 patches; entry (i, j) = 10 i + j
  Mat a(7, 7);
  for (int i = 0; i < 7; ++i)
    for (int j = 0; j < 7; ++j) a(i, j) = float(10 * i + j);
  // what the class token attends to: columns 1..6 of row 0, as 2 rows of 3
  CHECK(vp::attention_row_grid(a, 0, 2, 3) == vp::from_rows({{1, 2, 3}, {4, 5, 6}}));
  // what attends to patch 4 (token 5): rows 1..6 of column 5
  CHECK(vp::attention_column_grid(a, 5, 2, 3) == vp::from_rows({{15, 25, 35}, {45, 55, 65}}));
  CHECK_THROWS_AS(vp::attention_row_grid(a, 7, 2, 3), vp::Error);
  CHECK_THROWS_AS(vp::attention_row_grid(a, 0, 3, 3), vp::Error);
}

TEST_CASE("position similarity is the cosine of the position embeddings", "[vit][maps]") {
  // class token row (ignored), then 4 patches on a 2 x 2 grid
  const Mat pos = vp::from_rows({{9, 9}, {1, 0}, {0, 2}, {-3, 0}, {1, 1}});
  const Mat sim = vp::position_similarity(pos);
  REQUIRE(sim.rows() == 4);
  CHECK(sim(0, 0) == Approx(1.0f));
  CHECK(sim(0, 1) == Approx(0.0f).margin(1e-6));
  CHECK(sim(0, 2) == Approx(-1.0f));
  CHECK(sim(3, 0) == Approx(std::sqrt(0.5f)));
  const Mat mosaic = vp::similarity_mosaic(sim, 2);  // 2 x 2 tiles of 2 x 2, one gap line
  REQUIRE(mosaic.rows() == 5);
  CHECK(mosaic(0, 0) == Approx(1.0f));        // tile 0, entry 0
  CHECK(std::isnan(mosaic(2, 0)));             // the gap
  CHECK(mosaic(4, 4) == Approx(1.0f));        // tile 3, entry 3
  CHECK(mosaic(3, 4) == Approx(sim(3, 1)));   // tile 3 = row 3, entry 1 at (0, 1)
}

TEST_CASE("a patch filter is its row of the projection laid out as the patch", "[vit][maps]") {
  vp::PatchEmbedding p = vp::patch_embedding_zeros(2, 2, 3);  // W [3, 2*2*2]
  for (int j = 0; j < 8; ++j) p.proj.weight(1, j) = float(j);
  CHECK(vp::patch_filter(p, 1) == vp::from_rows({{0, 1}, {2, 3}, {4, 5}, {6, 7}}));
  CHECK_THROWS_AS(vp::patch_filter(p, 3), vp::Error);
}

TEST_CASE("the filter mosaic: each filter's channel mean, scaled to [-1, 1], tiles with gaps", "[vit][maps]") {
  vp::PatchEmbedding p = vp::patch_embedding_zeros(2, 2, 3);  // W [3, C=2 * P=2 * 2]
  p.proj.weight.row(0) << 1, 2, 3, 4, 3, 2, 1, 0;            // channel mean {{2, 2}, {2, 2}} -> all 1
  p.proj.weight.row(1) << -4, 0, 0, 2, 0, 0, 0, 0;           // mean {{-2, 0}, {0, 1}} -> /2
  const Mat m = vp::filter_mosaic(p, 3, 2);                  // 2 per row: 2 rows of tiles
  REQUIRE(m.rows() == 5);
  REQUIRE(m.cols() == 5);
  CHECK(m.block(0, 0, 2, 2) == vp::from_rows({{1, 1}, {1, 1}}));
  CHECK(m.block(0, 3, 2, 2) == vp::from_rows({{-1, 0}, {0, 0.5f}}));
  CHECK(m.block(3, 0, 2, 2) == Mat::Zero(2, 2));  // filter 2 is all zeros: stays 0, not NaN
  CHECK(std::isnan(m(2, 0)));                      // the gap line between tile rows
  CHECK(std::isnan(m(0, 2)));                      // and between tiles in a row
  CHECK(std::isnan(m(3, 3)));                      // no fourth filter
  CHECK_THROWS_AS(vp::filter_mosaic(p, 4, 2), vp::Error);
}
