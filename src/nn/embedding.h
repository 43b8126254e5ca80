// Token embeddings: ids to dense vectors (nn.Embedding), and one-hot codes to compare.
//
// A one-hot code (秃 = 1000, 头 = 0100, ...) is as long as the vocabulary and every pair of
// words is equally far apart; an embedding table gives each id a short learned row whose
// distances can mean something. Looking up row i equals one_hot(i) times the table.
#pragma once
#include <vector>

#include "nn/params.h"
#include "nn/trace.h"

namespace vp {

struct Embedding {
  Mat weight;  // [vocab, d]
};

// ids: n token ids -> [n, d]. Throws vp::Error for an id outside [0, vocab).
Mat embedding_lookup(const Embedding& e, const std::vector<int>& ids, Trace* trace = nullptr);
// Backward of the lookup: dy: [n, d] adds row i of dy into row ids[i] of grad->weight
// (an id that appears twice gathers both rows). The ids get no gradient.
void embedding_backward(const std::vector<int>& ids, const Mat& dy, Embedding* grad);
// ids -> [n, vocab] with a single 1 per row
Mat one_hot(const std::vector<int>& ids, int vocab);
// cos(a_i, a_j) for every pair of rows: [n, n]
Mat cosine_similarity_rows(const Mat& a);

void visit_params(Embedding& e, const std::string& prefix, const ParamVisitor& fn);

}  // namespace vp
