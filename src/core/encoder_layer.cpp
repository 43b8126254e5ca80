#include "core/encoder_layer.h"

#include "core/residual.h"

namespace vp {

EncoderLayer encoder_layer_zeros(const EncoderLayerConfig& c) {
  return {mha_zeros(c.d_model, c.num_heads), feed_forward_zeros(c.d_model, c.d_ff, c.activation),
          layernorm_identity(c.d_model, c.eps), layernorm_identity(c.d_model, c.eps), c.norm_first};
}

void visit_params(EncoderLayer& l, const std::string& prefix, const ParamVisitor& fn) {
  visit_params(l.self_attn, join_name(prefix, "self_attn"), fn);
  visit_params(l.ff, join_name(prefix, "linear1"), join_name(prefix, "linear2"), fn);
  visit_param(join_name(prefix, "norm1.weight"), l.norm1.weight, fn);
  visit_param(join_name(prefix, "norm1.bias"), l.norm1.bias, fn);
  visit_param(join_name(prefix, "norm2.weight"), l.norm2.weight, fn);
  visit_param(join_name(prefix, "norm2.bias"), l.norm2.bias, fn);
}

Mat encoder_layer_forward(const EncoderLayer& l, const Mat& x, const Mat* mask, Trace* trace) {
  const Mat h = residual(x, l.norm1, l.norm_first, "attn", trace, [&](const Mat& in) {
    TraceScope scope(trace, "self_attn");
    return mha_forward(l.self_attn, in, in, mask, trace).output;
  });
  return residual(h, l.norm2, l.norm_first, "ffn", trace, [&](const Mat& in) {
    TraceScope scope(trace, "ff");
    return feed_forward(l.ff, in, trace);
  });
}

Mat encoder_forward(const std::vector<EncoderLayer>& layers, const Mat& x, const Mat* mask, Trace* trace) {
  Mat h = x;
  for (size_t i = 0; i < layers.size(); ++i) {
    TraceScope scope(trace, "layers." + std::to_string(i));
    h = encoder_layer_forward(layers[i], h, mask, trace);
  }
  return h;
}

}  // namespace vp
