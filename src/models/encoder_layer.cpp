#include "models/encoder_layer.h"

#include "nn/residual.h"

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
  return encoder_layer_forward(l, x, mask, trace, nullptr);
}

Mat encoder_layer_forward(const EncoderLayer& l, const Mat& x, const Mat* mask, Trace* trace,
                          EncoderLayerCache* cache) {
  return encoder_layer_forward(l, x, 1, mask, trace, cache);
}

Mat encoder_layer_forward(const EncoderLayer& l, const Mat& x, int sequences, const Mat* mask, Trace* trace,
                          EncoderLayerCache* cache) {
  const Mat h = residual(x, l.norm1, l.norm_first, "attn", trace, cache ? &cache->norm1 : nullptr, [&](const Mat& in) {
    TraceScope scope(trace, "self_attn");
    MhaOptions o;
    o.mask = mask, o.trace = trace, o.cache = cache ? &cache->self_attn : nullptr, o.sequences = sequences;
    return mha_self_forward(l.self_attn, in, o).output;
  });
  return residual(h, l.norm2, l.norm_first, "ffn", trace, cache ? &cache->norm2 : nullptr, [&](const Mat& in) {
    TraceScope scope(trace, "ff");
    return feed_forward(l.ff, in, trace, cache ? &cache->ff : nullptr);
  });
}

Mat encoder_layer_backward(const EncoderLayer& l, const EncoderLayerCache& cache, const Mat& dy, EncoderLayer* grad) {
  // forward: return residual(h, norm2, ..., feed_forward)
  const Mat dh = residual_backward(l.norm2, l.norm_first, cache.norm2, dy, &grad->norm2, [&](const Mat& dout) {
    return feed_forward_backward(l.ff, cache.ff, dout, &grad->ff);
  });
  // forward: h = residual(x, norm1, ..., mha_self_forward(self_attn, in))
  return residual_backward(l.norm1, l.norm_first, cache.norm1, dh, &grad->norm1, [&](const Mat& dout) {
    return mha_self_backward(l.self_attn, cache.self_attn, dout, &grad->self_attn);
  });
}

}  // namespace vp
