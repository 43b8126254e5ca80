// Appendix A: an embedding lookup is a one-hot code times the table; cosine similarity.
#include <catch2/catch.hpp>
#include <cmath>

#include "nn/embedding.h"

using vp::Mat;

TEST_CASE("embedding lookup equals one_hot times the table", "[embedding]") {
  vp::Embedding e{vp::from_rows({{0.1f, -0.2f, 0.3f}, {0.2095f, -0.6338f, 0.5679f}, {1, 2, 3}, {-4, 5, -6}, {7, 0, 9}})};
  const std::vector<int> ids = {1, 2, 3, 4, 1};
  const Mat rows = vp::embedding_lookup(e, ids);
  const Mat codes = vp::one_hot(ids, 5);
  CHECK(rows == codes * e.weight);
  for (int i = 0; i < 5; ++i) CHECK(codes.row(i).sum() == 1.0f);
  CHECK(codes(0, 1) == 1.0f);
  CHECK(rows.row(4) == e.weight.row(1));
  CHECK_THROWS_WITH(vp::embedding_lookup(e, {5}), Catch::Contains("token id 5"));
  CHECK_THROWS_AS(vp::one_hot({-1}, 5), vp::Error);
}

TEST_CASE("cosine similarity of rows", "[embedding]") {
  const Mat a = vp::from_rows({{1, 0}, {0, 2}, {3, 3}, {-1, 0}, {0, 0}});
  const Mat s = vp::cosine_similarity_rows(a);
  CHECK(s(0, 0) == Approx(1));
  CHECK(s(0, 1) == Approx(0).margin(1e-7));
  CHECK(s(0, 2) == Approx(std::sqrt(0.5)));
  CHECK(s(1, 2) == Approx(std::sqrt(0.5)));
  CHECK(s(0, 3) == Approx(-1));
  CHECK(s(2, 0) == s(0, 2));
  CHECK(s(4, 0) == 0.0f);  // a zero row is similar to nothing
  // one-hot codes: every pair of different words has similarity 0
  CHECK(vp::cosine_similarity_rows(vp::one_hot({0, 1, 2, 3}, 4)) == Mat::Identity(4, 4));
}
