#include "nn/multihead_attention.h"

#include <algorithm>

#include "nn/attention.h"
#include "nn/gemm.h"
#include "nn/parallel.h"

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

namespace {

// Attention on the thread pool from this many multiply-adds of the scores (all heads and
// sequences) on: ViT-Ti's on one image (7.4 million) are above it, mnist-vit's (18 thousand) below.
constexpr double kParallelAttention = 1 << 20;

// Both kinds: key_value_in is null for self-attention (query_in is the keys' and values' input too).
MhaResult forward(const MultiHeadAttention& m, const Mat& query_in, const Mat* key_value_in, const MhaOptions& o) {
  const bool self_attention = key_value_in == nullptr;
  const Mat& kv_in = self_attention ? query_in : *key_value_in;
  const int sequences = o.sequences;
  Trace* trace = o.trace;
  const int d = m.d_model(), h = m.num_heads;
  if (h < 1 || d % h != 0)
    throw Error("d_model " + std::to_string(d) + " is not divisible by " + std::to_string(h) + " heads");
  require_shape(query_in, -1, d, "attention query input");
  require_shape(kv_in, -1, d, "attention key/value input");
  if (sequences < 1 || query_in.rows() % sequences != 0 || kv_in.rows() % sequences != 0)
    throw Error("attention: " + std::to_string(query_in.rows()) + " queries and " +
                std::to_string(kv_in.rows()) + " keys do not split into " + std::to_string(sequences) +
                " sequences");
  const int hd = d / h;
  const Eigen::Index n_q = query_in.rows() / sequences, n_k = kv_in.rows() / sequences;
  if (o.mask) require_shape(*o.mask, n_q, n_k, "attention mask");

  // project: Q = x W_q^T + b_q, and K, V from the key/value input; W_q, W_k, W_v are the blocks
  // 0, 1, 2 of d rows of in_proj_weight, so consecutive blocks make one wider product
  auto project = [&](const Mat& x, int first_block, int blocks) {  // [n, d] -> [n, blocks*d]
    const Eigen::Ref<const Vec> bias = m.in_proj_bias.size() ? m.in_proj_bias.segment(first_block * d, blocks * d)
                                                              : m.in_proj_bias.segment(0, 0);
    return matmul_transposed_plus_bias(x, m.in_proj_weight.middleRows(first_block * d, blocks * d), bias);
  };
  Mat Q, K, V;  // [B*n_q, d], [B*n_k, d], [B*n_k, d]
  if (self_attention) {  // self-attention: [Q K V] = x [W_q; W_k; W_v]^T + b in one product
    const Mat QKV = project(query_in, 0, 3);
    Q = QKV.leftCols(d), K = QKV.middleCols(d, d), V = QKV.rightCols(d);
  } else {
    Q = project(query_in, 0, 1);
    const Mat KV = project(kv_in, 1, 2);
    K = KV.leftCols(d), V = KV.rightCols(d);
  }
  record(trace, "project", "Project to Q, K, V", "Q = x W_q^T + b_q, K = m W_k^T + b_k, V = m W_v^T + b_v")
      .in("x", query_in).in("W_q", m.in_proj_weight.middleRows(0, d)).out("Q", Q).out("K", K).out("V", V);

  MhaResult r;
  r.weights.resize(static_cast<size_t>(sequences * h));
  Mat concat(query_in.rows(), d);  // [B*n_q, d]: head outputs side by side
  // Every head of every sequence is independent, and so is every query (row) within one: on the
  // thread pool each head's queries are split into a block per thread, so the threads get even
  // shares of whole attentions (products and softmax) even where the heads are fewer than twice
  // the threads (one image through ViT-Ti: 3 heads). Small attentions stay on this thread: a
  // mnist-vit image's (4 heads of 17 tokens) take less time than handing them out.
  const double multiply_adds = static_cast<double>(sequences) * h * n_q * n_k * hd;  // of the scores
  const bool parallel = !trace && available_threads() > 1 && multiply_adds >= kParallelAttention;
  const int row_blocks =
      parallel ? static_cast<int>(std::clamp<Eigen::Index>(n_q / 16, 1, available_threads())) : 1;
  const Eigen::Index block_rows = (n_q + row_blocks - 1) / row_blocks;
  if (row_blocks > 1)
    for (Mat& w : r.weights) w.resize(n_q, n_k);  // before the tasks write their rows
  auto head = [&](int task) {
    const int b = task / (h * row_blocks), i = task / row_blocks % h;
    const Eigen::Index first = task % row_blocks * block_rows, rows = std::min(block_rows, n_q - first);
    if (rows <= 0) return;
    TraceScope scope(b == 0 ? trace : nullptr, "head" + std::to_string(i + 1));
    Mat mask_rows;  // the mask's rows of these queries: [rows, n_k]
    if (o.mask && row_blocks > 1) mask_rows = o.mask->middleRows(first, rows);
    // head i of sequence b: its rows, and its own slice of the features, columns [i*hd, (i+1)*hd)
    AttentionResult a = attention_forward(Q.block(b * n_q + first, i * hd, rows, hd),
                                          K.block(b * n_k, i * hd, n_k, hd), V.block(b * n_k, i * hd, n_k, hd),
                                          {true, row_blocks > 1 && o.mask ? &mask_rows : o.mask},
                                          b == 0 ? trace : nullptr);
    concat.block(b * n_q + first, i * hd, rows, hd) = a.output;
    Mat& weights = r.weights[static_cast<size_t>(b * h + i)];  // [n_q, n_k]
    if (row_blocks == 1)
      weights = std::move(a.weights);
    else
      weights.middleRows(first, rows) = a.weights;
  };
  const int tasks = sequences * h * row_blocks;
  if (parallel) {
    parallel_for(tasks, head);
  } else {
    for (int task = 0; task < tasks; ++task) head(task);  // in order: a trace records the first sequence's heads
  }
  record(trace, "concat", "Concatenate heads", "Concat(head_1, ..., head_h)").out("concat", concat);

  r.output = linear_forward(m.out_proj, concat);
  record(trace, "out_proj", "Output projection", "Concat(...) W^O^T + b^O")
      .in("concat", concat).in("W_O", m.out_proj.weight).out("output", r.output);
  if (o.cache)
    *o.cache = {query_in, self_attention ? Mat() : kv_in, std::move(Q), std::move(K), std::move(V), r.weights,
                std::move(concat), o.sequences, self_attention};
  return r;
}

// Both kinds; for self-attention key_value_in stays empty (query_in holds the whole gradient).
MhaInputGrads backward(const MultiHeadAttention& m, const MhaCache& cache, const Mat& doutput,
                       MultiHeadAttention* grad) {
  const int d = m.d_model(), hd = d / m.num_heads;
  // forward: output = linear_forward(out_proj, concat)
  const Mat dconcat = linear_backward(m.out_proj, cache.concat, doutput, &grad->out_proj);  // [n_q, d]

  // forward: concat's block of sequence b, head i = Attention(Q_bi, K_bi, V_bi), head by head.
  // The gradients are gathered side by side as the projections made them: [dQ dK dV] for
  // self-attention, dQ and [dK dV] for cross-attention.
  const bool self = cache.self_attention;
  Mat dQ_or_dQKV(cache.Q.rows(), self ? 3 * d : d);  // [n_q, 3d] or [n_q, d]
  Mat dKV_of_memory(self ? 0 : cache.K.rows(), 2 * d);  // [n_k, 2d] (cross-attention)
  Eigen::Ref<Mat> dQ = dQ_or_dQKV.leftCols(d);
  Eigen::Ref<Mat> dKV = self ? Eigen::Ref<Mat>(dQ_or_dQKV.rightCols(2 * d)) : Eigen::Ref<Mat>(dKV_of_memory);
  const Eigen::Index n_q = cache.Q.rows() / cache.sequences, n_k = cache.K.rows() / cache.sequences;
  for (int b = 0; b < cache.sequences; ++b) {
    for (int i = 0; i < m.num_heads; ++i) {
      AttentionGrads g = attention_backward(
          cache.Q.block(b * n_q, i * hd, n_q, hd), cache.K.block(b * n_k, i * hd, n_k, hd),
          cache.V.block(b * n_k, i * hd, n_k, hd), cache.weights[b * m.num_heads + i], true,
          dconcat.block(b * n_q, i * hd, n_q, hd));
      dQ.block(b * n_q, i * hd, n_q, hd) = g.Q;
      dKV.block(b * n_k, i * hd, n_k, hd) = g.K;
      dKV.block(b * n_k, d + i * hd, n_k, hd) = g.V;
    }
  }

  // forward: project(x, first_block, blocks), y = x W^T + b over consecutive blocks of d rows of
  // in_proj_weight (0: W_q, 1: W_k, 2: W_v): the linear backward on those rows / bias entries
  auto project_backward = [&](const Mat& x, int first_block, int blocks, const Eigen::Ref<const Mat>& dy) {
    add_matmul_transposed_a(dy, x, grad->in_proj_weight.middleRows(first_block * d, blocks * d));  // [blocks*d, d]
    if (m.in_proj_bias.size()) grad->in_proj_bias.segment(first_block * d, blocks * d) += dy.colwise().sum();
    return matmul(dy, m.in_proj_weight.middleRows(first_block * d, blocks * d));  // [n, d]
  };
  MhaInputGrads g;
  if (self) {  // forward: [Q K V] = project(x, 0, 3), so dx = [dQ dK dV] [W_q; W_k; W_v]
    g.query_in = project_backward(cache.query_in, 0, 3, dQ_or_dQKV);
  } else {
    g.query_in = project_backward(cache.query_in, 0, 1, dQ);
    g.key_value_in = project_backward(cache.key_value_in, 1, 2, dKV);
  }
  return g;
}

}  // namespace

MhaResult mha_self_forward(const MultiHeadAttention& m, const Mat& x, const MhaOptions& options) {
  return forward(m, x, nullptr, options);
}

MhaResult mha_cross_forward(const MultiHeadAttention& m, const Mat& query_in, const Mat& key_value_in,
                            const MhaOptions& options) {
  return forward(m, query_in, &key_value_in, options);
}

Mat mha_self_backward(const MultiHeadAttention& m, const MhaCache& cache, const Mat& doutput,
                      MultiHeadAttention* grad) {
  if (!cache.self_attention) throw Error("mha_self_backward: the cache is of cross-attention");
  return backward(m, cache, doutput, grad).query_in;
}

MhaInputGrads mha_cross_backward(const MultiHeadAttention& m, const MhaCache& cache, const Mat& doutput,
                                 MultiHeadAttention* grad) {
  if (cache.self_attention) throw Error("mha_cross_backward: the cache is of self-attention");
  return backward(m, cache, doutput, grad);
}

}  // namespace vp
