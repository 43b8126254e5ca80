#include "lessons/permutation.h"

namespace vp {

std::vector<int> inverse_permutation(const std::vector<int>& perm) {
  const int n = static_cast<int>(perm.size());
  std::vector<int> inverse(perm.size(), -1);
  for (int i = 0; i < n; ++i) {
    if (perm[i] < 0 || perm[i] >= n || inverse[perm[i]] != -1)
      throw Error("not a permutation of 0.." + std::to_string(n - 1) + ": entry " + std::to_string(perm[i]));
    inverse[perm[i]] = i;
  }
  return inverse;
}

Mat permute_rows(const Mat& m, const std::vector<int>& perm) {
  if (static_cast<Eigen::Index>(perm.size()) != m.rows())
    throw Error("permutation of " + std::to_string(perm.size()) + " entries for " + std::to_string(m.rows()) + " rows");
  inverse_permutation(perm);  // validates
  Mat out(m.rows(), m.cols());
  for (Eigen::Index i = 0; i < m.rows(); ++i) out.row(i) = m.row(perm[i]);
  return out;
}

OrderCheck attention_order_check(const Mat& tokens, const std::vector<int>& perm, const Mat& pe,
                                 const SelfAttentionWeights& w, Trace* trace) {
  const bool with_pe = pe.size() > 0;
  if (with_pe) require_shape(pe, tokens.rows(), tokens.cols(), "positional encoding");
  OrderCheck c;
  c.x = with_pe ? Mat(tokens + pe) : tokens;
  c.x_permuted = with_pe ? Mat(permute_rows(tokens, perm) + pe) : permute_rows(tokens, perm);
  c.out = self_attention(c.x, w, {}).outputs;
  c.out_permuted = self_attention(c.x_permuted, w, {}).outputs;
  c.out_permuted_back = permute_rows(c.out_permuted, inverse_permutation(perm));
  c.max_difference = c.out.size() ? (c.out - c.out_permuted_back).cwiseAbs().maxCoeff() : 0.0f;
  record(trace, "inputs", "Inputs in two orders", with_pe ? "x + PE,  P x + PE" : "x,  P x")
      .out("x", c.x).out("x permuted", c.x_permuted);
  record(trace, "outputs", "Attention outputs", "Attention(P x) vs P Attention(x)")
      .out("outputs", c.out).out("outputs permuted", c.out_permuted).out("outputs permuted back", c.out_permuted_back);
  return c;
}

}  // namespace vp
