#include "nn/feed_forward.h"

namespace vp {

FeedForward feed_forward_zeros(int d_model, int d_ff, Activation activation) {
  return {linear_zeros(d_model, d_ff), linear_zeros(d_ff, d_model), activation};
}

void visit_params(FeedForward& f, const std::string& name1, const std::string& name2, const ParamVisitor& fn) {
  visit_params(f.linear1, name1, fn);
  visit_params(f.linear2, name2, fn);
}

void visit_params(FeedForward& f, const std::string& prefix, const ParamVisitor& fn) {
  visit_params(f, join_name(prefix, "linear1"), join_name(prefix, "linear2"), fn);
}

Mat feed_forward(const FeedForward& f, const Mat& x, Trace* trace) { return feed_forward(f, x, trace, nullptr); }

Mat feed_forward(const FeedForward& f, const Mat& x, Trace* trace, FeedForwardCache* cache) {
  Mat pre = linear_forward(f.linear1, x);     // [n, d_ff]
  Mat hidden = activate(f.activation, pre);   // [n, d_ff]
  Mat y = linear_forward(f.linear2, hidden);  // [n, d]
  record(trace, "ffn", "Feed forward",
         f.activation == Activation::relu ? "max(0, x W_1 + b_1) W_2 + b_2" : "GELU(x W_1 + b_1) W_2 + b_2")
      .in("x", x).out("hidden", hidden).out("output", y);
  if (cache) *cache = {x, std::move(pre), std::move(hidden)};
  return y;
}

Mat feed_forward_backward(const FeedForward& f, const FeedForwardCache& cache, const Mat& dy, FeedForward* grad) {
  // forward: y = linear_forward(f.linear2, hidden)
  const Mat dhidden = linear_backward(f.linear2, cache.hidden, dy, &grad->linear2);  // [n, d_ff]
  // forward: hidden = activate(f.activation, pre)
  const Mat dpre = activate_backward(f.activation, cache.pre, dhidden);  // [n, d_ff]
  // forward: pre = linear_forward(f.linear1, x)
  return linear_backward(f.linear1, cache.x, dpre, &grad->linear1);  // [n, d]
}

}  // namespace vp
