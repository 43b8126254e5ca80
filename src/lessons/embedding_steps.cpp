#include "lessons/embedding_steps.h"

#include <cmath>

#include "nn/random_init.h"

namespace vp {

Embedding embedding_init_normal(int vocab, int d, uint32_t seed) {
  if (vocab < 1 || d < 1) throw Error("an embedding table needs vocab >= 1 and d >= 1");
  const double pi = 3.14159265358979323846;
  SeededRandom rng(seed);
  Embedding e{Mat(vocab, d)};
  for (int r = 0; r < vocab; ++r)
    for (int c = 0; c < d; ++c) {
      // Box-Muller: u1 in (0, 1] keeps the log finite
      const double u1 = 1.0 - rng.uniform(0.0f, 1.0f);
      const double u2 = rng.uniform(0.0f, 1.0f);
      e.weight(r, c) = static_cast<float>(std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * pi * u2));
    }
  return e;
}

Embedding article_embedding(int d, uint32_t seed) {
  Embedding e = embedding_init_normal(5, d, seed);
  if (d == 3) e.weight.row(1) << 0.2095f, -0.6338f, 0.5679f;
  return e;
}

std::vector<std::string> article_embedding_tokens() { return {"秃", "头", "小", "苏"}; }
std::vector<int> article_embedding_ids() { return {1, 2, 3, 4}; }

Mat pairwise_distances_rows(const Mat& a) {
  Mat d(a.rows(), a.rows());
  for (Eigen::Index i = 0; i < a.rows(); ++i)
    for (Eigen::Index j = 0; j < a.rows(); ++j) d(i, j) = (a.row(i) - a.row(j)).norm();
  return d;
}

EmbeddingSteps embedding_steps(const Embedding& e, const std::vector<int>& ids, Trace* trace) {
  require_finite(e.weight, "embedding table");
  const int n = static_cast<int>(ids.size());
  const int vocab = static_cast<int>(e.weight.rows());
  EmbeddingSteps s;

  // step 1: token i of the sentence gets the code e_i (the article's 1000, 0100, ...)
  std::vector<int> positions(ids.size());
  for (int i = 0; i < n; ++i) positions[i] = i;
  s.one_hot = one_hot(positions, n);
  s.one_hot_distances = pairwise_distances_rows(s.one_hot);
  s.one_hot_similarity = cosine_similarity_rows(s.one_hot);
  record(trace, "one_hot", "One-hot codes", "token i -> e_i")
      .out("one-hot", s.one_hot).out("one-hot distances", s.one_hot_distances)
      .out("one-hot cosine similarity", s.one_hot_similarity);

  // step 2: the embedding layer hands out row ids[i] of its table
  s.lookup = embedding_lookup(e, ids);
  record(trace, "lookup", "Embedding lookup", "embeddings_i = table[ids_i]")
      .in("table", e.weight).out("embeddings", s.lookup);

  // step 3: the same rows by a product: one_hot(id) has a single 1 at column id, so
  //   (one_hot(ids) x table)_ij = sum_v one_hot(ids)_iv table_vj = table_{ids_i, j}
  s.one_hot_ids = one_hot(ids, vocab);
  s.via_one_hot = s.one_hot_ids * e.weight;
  record(trace, "one_hot_times_table", "Lookup as a product", "one_hot(ids) x table")
      .in("one_hot(ids)", s.one_hot_ids).in("table", e.weight).out("one_hot(ids) x table", s.via_one_hot);

  // step 4: how alike the rows are: cos(a_i, a_j) = a_i . a_j / (|a_i| |a_j|)
  s.distances = pairwise_distances_rows(s.lookup);
  s.similarity = cosine_similarity_rows(s.lookup);
  record(trace, "similarity", "Similarity between rows", "cos(a_i, a_j) = a_i . a_j / (|a_i| |a_j|)")
      .in("embeddings", s.lookup).out("distances", s.distances).out("cosine similarity", s.similarity);
  return s;
}

}  // namespace vp
