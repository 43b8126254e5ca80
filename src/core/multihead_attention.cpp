#include "core/multihead_attention.h"

#include "core/attention.h"
#include "core/gemm.h"

namespace vp {

MultiHeadAttention mha_zeros(int d_model, int num_heads, bool bias) {
  if (num_heads < 1) throw Error("number of heads must be at least 1, got " + std::to_string(num_heads));
  if (d_model % num_heads != 0)
    throw Error("d_model " + std::to_string(d_model) + " is not divisible by " + std::to_string(num_heads) + " heads");
  MultiHeadAttention m;
  m.num_heads = num_heads;
  m.in_proj_weight = Mat::Zero(3 * d_model, d_model);
  if (bias) m.in_proj_bias = Vec::Zero(3 * d_model);
  m.out_proj = linear_zeros(d_model, d_model, bias);
  return m;
}

void visit_params(MultiHeadAttention& m, const std::string& prefix, const ParamVisitor& fn) {
  visit_param(join_name(prefix, "in_proj_weight"), m.in_proj_weight, fn);
  visit_param(join_name(prefix, "in_proj_bias"), m.in_proj_bias, fn);
  visit_param(join_name(prefix, "out_proj.weight"), m.out_proj.weight, fn);
  visit_param(join_name(prefix, "out_proj.bias"), m.out_proj.bias, fn);
}

MhaResult mha_forward(const MultiHeadAttention& m, const Mat& query_in, const Mat& key_value_in,
                      const Mat* mask, Trace* trace) {
  return mha_forward(m, query_in, key_value_in, mask, trace, nullptr);
}

MhaResult mha_forward(const MultiHeadAttention& m, const Mat& query_in, const Mat& key_value_in,
                      const Mat* mask, Trace* trace, MhaCache* cache) {
  return mha_forward(m, query_in, key_value_in, 1, mask, trace, cache);
}

MhaResult mha_forward(const MultiHeadAttention& m, const Mat& query_in, const Mat& key_value_in, int sequences,
                      const Mat* mask, Trace* trace, MhaCache* cache) {
  const int d = m.d_model(), h = m.num_heads;
  if (h < 1 || d % h != 0)
    throw Error("d_model " + std::to_string(d) + " is not divisible by " + std::to_string(h) + " heads");
  require_shape(query_in, -1, d, "attention query input");
  require_shape(key_value_in, -1, d, "attention key/value input");
  if (sequences < 1 || query_in.rows() % sequences != 0 || key_value_in.rows() % sequences != 0)
    throw Error("attention: " + std::to_string(query_in.rows()) + " queries and " +
                std::to_string(key_value_in.rows()) + " keys do not split into " + std::to_string(sequences) +
                " sequences");
  const int hd = d / h;
  const Eigen::Index n_q = query_in.rows() / sequences, n_k = key_value_in.rows() / sequences;

  // project: Q = x W_q^T + b_q, and K, V from the key/value input; W_q, W_k, W_v are the blocks
  // 0, 1, 2 of d rows of in_proj_weight, so consecutive blocks make one wider product
  auto project = [&](const Mat& x, int first_block, int blocks) {  // [n, d] -> [n, blocks*d]
    Mat y = matmul_transposed(x, m.in_proj_weight.middleRows(first_block * d, blocks * d));
    if (m.in_proj_bias.size()) y.rowwise() += m.in_proj_bias.segment(first_block * d, blocks * d);
    return y;
  };
  Mat Q, K, V;  // [B*n_q, d], [B*n_k, d], [B*n_k, d]
  if (&query_in == &key_value_in) {  // self-attention: [Q K V] = x [W_q; W_k; W_v]^T + b in one product
    const Mat QKV = project(query_in, 0, 3);
    Q = QKV.leftCols(d), K = QKV.middleCols(d, d), V = QKV.rightCols(d);
  } else {
    Q = project(query_in, 0, 1);
    const Mat KV = project(key_value_in, 1, 2);
    K = KV.leftCols(d), V = KV.rightCols(d);
  }
  record(trace, "project", "Project to Q, K, V", "Q = x W_q^T + b_q, K = m W_k^T + b_k, V = m W_v^T + b_v")
      .in("x", query_in).in("W_q", m.in_proj_weight.middleRows(0, d)).out("Q", Q).out("K", K).out("V", V);

  MhaResult r;
  Mat concat(query_in.rows(), d);  // [B*n_q, d]: head outputs side by side
  for (int b = 0; b < sequences; ++b) {
    for (int i = 0; i < h; ++i) {
      TraceScope scope(b == 0 ? trace : nullptr, "head" + std::to_string(i + 1));
      // head i of sequence b: its rows, and its own slice of the features, columns [i*hd, (i+1)*hd)
      AttentionResult a = attention_forward(
          Q.block(b * n_q, i * hd, n_q, hd), K.block(b * n_k, i * hd, n_k, hd), V.block(b * n_k, i * hd, n_k, hd),
          {true, mask}, b == 0 ? trace : nullptr);
      concat.block(b * n_q, i * hd, n_q, hd) = a.output;
      r.weights.push_back(std::move(a.weights));
    }
  }
  record(trace, "concat", "Concatenate heads", "Concat(head_1, ..., head_h)").out("concat", concat);

  r.output = linear_forward(m.out_proj, concat);
  record(trace, "out_proj", "Output projection", "Concat(...) W^O^T + b^O")
      .in("concat", concat).in("W_O", m.out_proj.weight).out("output", r.output);
  if (cache)
    *cache = {query_in, key_value_in, std::move(Q), std::move(K), std::move(V), r.weights, std::move(concat),
              sequences};
  return r;
}

MhaInputGrads mha_backward(const MultiHeadAttention& m, const MhaCache& cache, const Mat& doutput,
                           MultiHeadAttention* grad) {
  const int d = m.d_model(), hd = d / m.num_heads;
  // forward: output = linear_forward(out_proj, concat)
  const Mat dconcat = linear_backward(m.out_proj, cache.concat, doutput, &grad->out_proj);  // [n_q, d]

  // forward: concat's block of sequence b, head i = Attention(Q_bi, K_bi, V_bi), head by head
  Mat dQ(cache.Q.rows(), d), dK(cache.K.rows(), d), dV(cache.V.rows(), d);
  const Eigen::Index n_q = cache.Q.rows() / cache.sequences, n_k = cache.K.rows() / cache.sequences;
  for (int b = 0; b < cache.sequences; ++b) {
    for (int i = 0; i < m.num_heads; ++i) {
      AttentionGrads g = attention_backward(
          cache.Q.block(b * n_q, i * hd, n_q, hd), cache.K.block(b * n_k, i * hd, n_k, hd),
          cache.V.block(b * n_k, i * hd, n_k, hd), cache.weights[b * m.num_heads + i], true,
          dconcat.block(b * n_q, i * hd, n_q, hd));
      dQ.block(b * n_q, i * hd, n_q, hd) = g.Q;
      dK.block(b * n_k, i * hd, n_k, hd) = g.K;
      dV.block(b * n_k, i * hd, n_k, hd) = g.V;
    }
  }

  // forward: y = x W_block^T + b_block for block 0 (Q), 1 (K), 2 (V): the linear backward on
  // one block of rows of in_proj_weight / entries of in_proj_bias
  auto project_backward = [&](const Mat& x, int block, const Mat& dy) {
    add_matmul_transposed_a(dy, x, grad->in_proj_weight.middleRows(block * d, d));  // [d, d]
    if (m.in_proj_bias.size()) grad->in_proj_bias.segment(block * d, d) += dy.colwise().sum();
    return matmul(dy, m.in_proj_weight.middleRows(block * d, d));  // [n, d]
  };
  MhaInputGrads g;
  g.query_in = project_backward(cache.query_in, 0, dQ);
  g.key_value_in = project_backward(cache.key_value_in, 1, dK) + project_backward(cache.key_value_in, 2, dV);
  return g;
}

}  // namespace vp
