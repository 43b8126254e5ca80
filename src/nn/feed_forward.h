// Position-wise feed-forward block: the same two-layer MLP applied to every token.
//
//   FFN(x) = max(0, x W_1 + b_1) W_2 + b_2       (Vaswani et al., eq. 2; GELU in ViT)
#pragma once
#include "nn/activations.h"
#include "nn/linear.h"
#include "nn/params.h"
#include "nn/trace.h"

namespace vp {

struct FeedForward {
  Linear linear1;  // [d_ff, d]
  Linear linear2;  // [d, d_ff]
  Activation activation = Activation::relu;
};

FeedForward feed_forward_zeros(int d_model, int d_ff, Activation activation);
// Names: "<linear1>.weight" etc.; PyTorch's encoder layer calls them linear1/linear2,
// torchvision's ViT mlp.0/mlp.3, so the caller passes both names.
void visit_params(FeedForward& f, const std::string& name1, const std::string& name2, const ParamVisitor& fn);

// x: [n, d] -> [n, d]
Mat feed_forward(const FeedForward& f, const Mat& x, Trace* trace = nullptr);

// What the backward pass needs from the forward.
struct FeedForwardCache {
  Mat x;       // [n, d]     the input
  Mat pre;     // [n, d_ff]  x W_1^T + b_1, before the activation
  Mat hidden;  // [n, d_ff]  activation(pre)
};

// The same forward, also filling cache (when not null).
Mat feed_forward(const FeedForward& f, const Mat& x, Trace* trace, FeedForwardCache* cache);

// dy: [n, d] -> dx: [n, d]; adds the weights' gradients into grad.
Mat feed_forward_backward(const FeedForward& f, const FeedForwardCache& cache, const Mat& dy, FeedForward* grad);

// PyTorch's encoder-layer names: "<prefix>.linear1.*", "<prefix>.linear2.*"
void visit_params(FeedForward& f, const std::string& prefix, const ParamVisitor& fn);

}  // namespace vp
