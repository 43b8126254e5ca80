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

// What the backward pass needs from the forward.
struct MhaCache {
  Mat query_in;              // [n_q, d]
  Mat key_value_in;          // [n_k, d]; empty for self-attention (query_in is both)
  Mat Q, K, V;               // [n_q, d], [n_k, d], [n_k, d]: projected, all heads side by side
  std::vector<Mat> weights;  // per sequence and head: [n_q, n_k]
  Mat concat;                // [n_q, d]: head outputs side by side, the input of out_proj
  int sequences = 1;         // the batch the rows hold (n_q, n_k above are B times a sequence's)
  bool self_attention = false;  // mha_self_forward filled it
};

// What one pass may add to the inputs; every field has a default, so a caller names only
// what it uses (o.mask = &m).
struct MhaOptions {
  const Mat* mask = nullptr;  // additive [n_q, n_k], the same for every sequence; null: none
  Trace* trace = nullptr;     // the projections and the first sequence's heads
  MhaCache* cache = nullptr;  // filled for the backward pass when not null
  // A batch of B sequences of equal length stacked by rows: query_in [B*n_q, d], key_value_in
  // [B*n_k, d], output [B*n_q, d]. The projections run once over all tokens (one matrix product
  // each); attention stays within each sequence. weights: sequence b, head i at b*h + i.
  int sequences = 1;
};

// Self-attention: queries, keys and values all from x [n, d]; output [n, d].
// Scores are always scaled by 1/sqrt(d/h), as in PyTorch.
MhaResult mha_self_forward(const MultiHeadAttention& m, const Mat& x, const MhaOptions& options = {});

// Cross-attention: queries from query_in [n_q, d], keys and values from key_value_in [n_k, d]
// (e.g. the decoder reading the encoder's output); output [n_q, d]. Two equal matrices give
// what mha_self_forward gives for one of them.
MhaResult mha_cross_forward(const MultiHeadAttention& m, const Mat& query_in, const Mat& key_value_in,
                            const MhaOptions& options = {});

// doutput: [n, d] -> dx [n, d], the gradient of mha_self_forward's input (as the queries' and
// as the keys'/values' input, the sum of the two); adds the weights' gradients into grad (same
// shapes as m). Throws vp::Error for a cache of cross-attention.
Mat mha_self_backward(const MultiHeadAttention& m, const MhaCache& cache, const Mat& doutput,
                      MultiHeadAttention* grad);

// Gradients of cross-attention's two inputs.
struct MhaInputGrads {
  Mat query_in;      // [n_q, d]
  Mat key_value_in;  // [n_k, d]
};
// doutput: [n_q, d]; adds the weights' gradients into grad. Throws vp::Error for a cache of
// self-attention.
MhaInputGrads mha_cross_backward(const MultiHeadAttention& m, const MhaCache& cache, const Mat& doutput,
                                 MultiHeadAttention* grad);

}  // namespace vp
