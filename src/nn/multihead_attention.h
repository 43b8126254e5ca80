// Multi-head attention, PyTorch's nn.MultiheadAttention (batch_first, one sequence).
//
//   MultiHead(Q, K, V) = Concat(head_1, ..., head_h) W^O
//   head_i = Attention(Q W_i^Q, K W_i^K, V W_i^V)              (Vaswani et al., 3.2.2)
//
// The h heads are slices of one projection: columns [i*d/h, (i+1)*d/h) of Q, K and V.
#pragma once
#include "nn/linear.h"
#include "nn/params.h"
#include "nn/trace.h"

namespace vp {

struct MultiHeadAttention {
  int num_heads = 1;
  Mat in_proj_weight;  // [3d, d]: W_q, W_k, W_v stacked by rows (PyTorch's layout)
  Vec in_proj_bias;    // [3d], or empty
  Linear out_proj;     // [d, d]
  int d_model() const { return static_cast<int>(in_proj_weight.cols()); }
};

// Throws vp::Error unless num_heads >= 1 divides d.
MultiHeadAttention mha_zeros(int d_model, int num_heads, bool bias = true);
void visit_params(MultiHeadAttention& m, const std::string& prefix, const ParamVisitor& fn);

struct MhaResult {
  Mat output;                 // [n_q, d]
  std::vector<Mat> weights;   // per head: [n_q, n_k]
};

// query_in: [n_q, d], key_value_in: [n_k, d] (the same matrix for self-attention,
// the encoder's output for cross-attention), mask: additive [n_q, n_k] or null.
// Scores are always scaled by 1/sqrt(d/h), as in PyTorch.
MhaResult mha_forward(const MultiHeadAttention& m, const Mat& query_in, const Mat& key_value_in,
                      const Mat* mask = nullptr, Trace* trace = nullptr);

// What the backward pass needs from the forward.
struct MhaCache {
  Mat query_in;              // [n_q, d]
  Mat key_value_in;          // [n_k, d]; empty for self-attention (query_in is both)
  Mat Q, K, V;               // [n_q, d], [n_k, d], [n_k, d]: projected, all heads side by side
  std::vector<Mat> weights;  // per sequence and head: [n_q, n_k]
  Mat concat;                // [n_q, d]: head outputs side by side, the input of out_proj
  int sequences = 1;         // the batch the rows hold (n_q, n_k above are B times a sequence's)
  bool self_attention = false;  // one matrix was passed as both inputs
};

// The same forward, also filling cache (when not null).
MhaResult mha_forward(const MultiHeadAttention& m, const Mat& query_in, const Mat& key_value_in,
                      const Mat* mask, Trace* trace, MhaCache* cache);

// The same for a batch of `sequences` sequences of equal length stacked by rows: query_in
// [B*n_q, d], key_value_in [B*n_k, d], output [B*n_q, d]. The projections run once over all
// tokens (one matrix product each); attention stays within each sequence, the mask ([n_q, n_k])
// applying to every one. weights: per sequence b and head i at b*h + i. The trace shows the
// projections and the first sequence's heads.
MhaResult mha_forward(const MultiHeadAttention& m, const Mat& query_in, const Mat& key_value_in, int sequences,
                      const Mat* mask, Trace* trace, MhaCache* cache);

// Gradients of the two inputs. For self-attention (one matrix passed as both) the input's
// gradient is their sum (mha_backward puts it all in query_in, key_value_in is zero).
struct MhaInputGrads {
  Mat query_in;      // [n_q, d]
  Mat key_value_in;  // [n_k, d]
};

// doutput: [n_q, d]; adds the weights' gradients into grad (same shapes as m).
MhaInputGrads mha_backward(const MultiHeadAttention& m, const MhaCache& cache, const Mat& doutput,
                           MultiHeadAttention* grad);

}  // namespace vp
