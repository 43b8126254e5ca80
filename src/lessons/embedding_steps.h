// Appendix A of the article as steps: why a learned embedding table beats one-hot codes.
//   1 one-hot:     秃 = 1000, 头 = 0100, 小 = 0010, 苏 = 0001     (sparse, as long as the vocabulary)
//   2 lookup:      ids [1, 2, 3, 4] -> rows of an nn.Embedding(5, d) table           [4, d]
//   3 as product:  one_hot(ids, 5) x table == lookup      (a lookup is a matrix product)
//   4 similarity:  cos between every pair of rows: one-hot gives the identity (every pair
//                  equally far apart), an embedding gives varied numbers that training can shape.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "nn/embedding.h"

namespace vp {

// nn.Embedding's initial table: every entry drawn from N(0, 1), PyTorch's default init.
// Normal numbers come from SeededRandom's uniform draws by Box-Muller,
//   z = sqrt(-2 ln u1) cos(2 pi u2),
// so the native and the WASM build draw the same table.            weight: [vocab, d]
Embedding embedding_init_normal(int vocab, int d, uint32_t seed);

// The article's nn.Embedding(5, d): seeded N(0, 1) rows, except that for d = 3 row 1 (秃) is
// the row the article prints, [0.2095, -0.6338, 0.5679]; its other rows were in a figure that
// is lost, so they are seeded draws here.
Embedding article_embedding(int d, uint32_t seed = 1);
// The article's four characters 秃 头 小 苏 and their ids 1, 2, 3, 4 (id 0 is unused, so the
// vocabulary has 5 entries)
std::vector<std::string> article_embedding_tokens();
std::vector<int> article_embedding_ids();

// Euclidean distance between every pair of rows:  D_ij = |a_i - a_j|          a: [n, d] -> [n, n]
Mat pairwise_distances_rows(const Mat& a);

struct EmbeddingSteps {
  Mat one_hot;             // [n, n]      token i -> e_i, the article's 1000, 0100, ...
  Mat one_hot_distances;   // [n, n]      sqrt(2) for every pair: no word is closer to another
  Mat one_hot_similarity;  // [n, n]      cos: the identity
  Mat lookup;              // [n, d]      row ids[i] of the table
  Mat one_hot_ids;         // [n, vocab]  one_hot(ids, vocab): the ids as one-hot rows
  Mat via_one_hot;         // [n, d]      one_hot_ids x table, equal to lookup
  Mat distances;           // [n, n]      between the embedded rows
  Mat similarity;          // [n, n]      cos between the embedded rows
};

// ids: n token ids into e's table. Throws vp::Error for an id outside the table or a
// non-finite table entry. Records the steps "one_hot", "lookup", "one_hot_times_table",
// "similarity".
EmbeddingSteps embedding_steps(const Embedding& e, const std::vector<int>& ids, Trace* trace = nullptr);

}  // namespace vp
