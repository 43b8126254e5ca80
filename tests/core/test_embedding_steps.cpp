// Appendix A: one-hot codes versus an embedding table.
#include <catch2/catch.hpp>
#include <cmath>

#include "lessons/embedding_steps.h"

using vp::Mat;

TEST_CASE("embedding init: seeded N(0, 1), the same for the same seed", "[embedding_steps]") {
  Mat a = vp::embedding_init_normal(200, 50, 7).weight;
  Mat b = vp::embedding_init_normal(200, 50, 7).weight;
  Mat c = vp::embedding_init_normal(200, 50, 8).weight;
  CHECK(a == b);
  CHECK(!a.isApprox(c));
  const double mean = a.mean();
  const double var = (a.array() - mean).square().mean();
  CHECK(std::abs(mean) < 0.05);
  CHECK(std::sqrt(var) == Approx(1.0).margin(0.05));
  CHECK(a.allFinite());
  CHECK_THROWS_AS(vp::embedding_init_normal(0, 3, 1), vp::Error);
}

TEST_CASE("article embedding: Embedding(5, 3) row 1 (秃) is the printed row", "[embedding_steps]") {
  auto e3 = vp::article_embedding(3);
  REQUIRE(e3.weight.rows() == 5);
  CHECK(e3.weight(1, 0) == Approx(0.2095f));
  CHECK(e3.weight(1, 1) == Approx(-0.6338f));
  CHECK(e3.weight(1, 2) == Approx(0.5679f));
  CHECK(vp::article_embedding_tokens() == std::vector<std::string>{"秃", "头", "小", "苏"});
  CHECK(vp::article_embedding_ids() == std::vector<int>{1, 2, 3, 4});
  auto e4 = vp::article_embedding(4);
  CHECK(e4.weight.rows() == 5);
  CHECK(e4.weight.cols() == 4);
}

TEST_CASE("pairwise distances: a 3-4-5 triangle", "[embedding_steps]") {
  Mat d = vp::pairwise_distances_rows(vp::from_rows({{0, 0}, {3, 0}, {3, 4}}));
  CHECK(d(0, 1) == Approx(3));
  CHECK(d(1, 2) == Approx(4));
  CHECK(d(0, 2) == Approx(5));
  CHECK(d(2, 0) == Approx(5));
  CHECK(d(1, 1) == 0);
}

TEST_CASE("embedding steps: one-hot is equidistant, lookup equals one_hot x table", "[embedding_steps]") {
  auto e = vp::article_embedding(3);
  vp::Trace trace;
  auto s = vp::embedding_steps(e, vp::article_embedding_ids(), &trace);

  // step 1: the article's 1000, 0100, 0010, 0001
  CHECK(s.one_hot == Mat::Identity(4, 4));
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) {
      CHECK(s.one_hot_distances(i, j) == Approx(i == j ? 0.0 : std::sqrt(2.0)));
      CHECK(s.one_hot_similarity(i, j) == Approx(i == j ? 1.0 : 0.0));
    }

  // step 2: rows 1..4 of the table
  REQUIRE(s.lookup.rows() == 4);
  for (int i = 0; i < 4; ++i) CHECK(s.lookup.row(i) == e.weight.row(i + 1));

  // step 3: the ids as 5-wide one-hot rows times the table give the same rows
  CHECK(s.one_hot_ids.cols() == 5);
  CHECK(s.one_hot_ids(0, 1) == 1);
  CHECK(s.one_hot_ids.sum() == 4);
  CHECK(s.via_one_hot.isApprox(s.lookup));

  // step 4: cos by the definition
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) {
      double dot = 0, ni = 0, nj = 0;
      for (int c = 0; c < 3; ++c) {
        dot += double(s.lookup(i, c)) * s.lookup(j, c);
        ni += double(s.lookup(i, c)) * s.lookup(i, c);
        nj += double(s.lookup(j, c)) * s.lookup(j, c);
      }
      CHECK(s.similarity(i, j) == Approx(dot / std::sqrt(ni * nj)).margin(1e-5));
    }

  const char* ids[] = {"one_hot", "lookup", "one_hot_times_table", "similarity"};
  REQUIRE(trace.steps.size() == 4);
  for (int k = 0; k < 4; ++k) CHECK(trace.steps[k].id == ids[k]);
}

TEST_CASE("embedding steps: bad ids and tables are refused", "[embedding_steps]") {
  auto e = vp::article_embedding(4);
  CHECK_THROWS_AS(vp::embedding_steps(e, {1, 5}), vp::Error);
  e.weight(2, 1) = NAN;
  CHECK_THROWS_AS(vp::embedding_steps(e, {1, 2}), vp::Error);
}
