#include "nn/embedding.h"

namespace vp {

namespace {
void require_ids(const std::vector<int>& ids, long vocab) {
  for (int id : ids)
    if (id < 0 || id >= vocab)
      throw Error("token id " + std::to_string(id) + " is outside the vocabulary [0, " + std::to_string(vocab) + ")");
}
}  // namespace

Mat embedding_lookup(const Embedding& e, const std::vector<int>& ids, Trace* trace) {
  require_ids(ids, e.weight.rows());
  Mat out(static_cast<Eigen::Index>(ids.size()), e.weight.cols());
  for (size_t i = 0; i < ids.size(); ++i) out.row(static_cast<Eigen::Index>(i)) = e.weight.row(ids[i]);
  record(trace, "embedding", "Embedding lookup", "row id of the table").in("table", e.weight).out("embeddings", out);
  return out;
}

void embedding_backward(const std::vector<int>& ids, const Mat& dy, Embedding* grad) {
  // forward: out.row(i) = e.weight.row(ids[i])
  for (size_t i = 0; i < ids.size(); ++i) grad->weight.row(ids[i]) += dy.row(static_cast<Eigen::Index>(i));
}

Mat one_hot(const std::vector<int>& ids, int vocab) {
  require_ids(ids, vocab);
  Mat out = Mat::Zero(static_cast<Eigen::Index>(ids.size()), vocab);
  for (size_t i = 0; i < ids.size(); ++i) out(static_cast<Eigen::Index>(i), ids[i]) = 1.0f;
  return out;
}

Mat cosine_similarity_rows(const Mat& a) {
  Vec norms = a.rowwise().norm().transpose();
  Mat sim = a * a.transpose();
  for (Eigen::Index i = 0; i < sim.rows(); ++i)
    for (Eigen::Index j = 0; j < sim.cols(); ++j) {
      const float n = norms(i) * norms(j);
      sim(i, j) = n > 0 ? sim(i, j) / n : 0.0f;
    }
  return sim;
}

void visit_params(Embedding& e, const std::string& prefix, const ParamVisitor& fn) {
  visit_param(join_name(prefix, "weight"), e.weight, fn);
}

}  // namespace vp
