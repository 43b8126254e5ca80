#include "core/feed_forward.h"

namespace vp {

FeedForward feed_forward_zeros(int d_model, int d_ff, Activation activation) {
  return {linear_zeros(d_model, d_ff), linear_zeros(d_ff, d_model), activation};
}

void visit_params(FeedForward& f, const std::string& name1, const std::string& name2, const ParamVisitor& fn) {
  visit_param(join_name(name1, "weight"), f.linear1.weight, fn);
  visit_param(join_name(name1, "bias"), f.linear1.bias, fn);
  visit_param(join_name(name2, "weight"), f.linear2.weight, fn);
  visit_param(join_name(name2, "bias"), f.linear2.bias, fn);
}

Mat feed_forward(const FeedForward& f, const Mat& x, Trace* trace) {
  const Mat hidden = activate(f.activation, linear_forward(f.linear1, x));  // [n, d_ff]
  const Mat y = linear_forward(f.linear2, hidden);                          // [n, d]
  record(trace, "ffn", "Feed forward",
         f.activation == Activation::relu ? "max(0, x W_1 + b_1) W_2 + b_2" : "GELU(x W_1 + b_1) W_2 + b_2")
      .in("x", x).out("hidden", hidden).out("output", y);
  return y;
}

}  // namespace vp
