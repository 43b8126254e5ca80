#include "core/decoder_layer.h"

#include "core/residual.h"

namespace vp {

DecoderLayer decoder_layer_zeros(const EncoderLayerConfig& c) {
  return {mha_zeros(c.d_model, c.num_heads), mha_zeros(c.d_model, c.num_heads),
          feed_forward_zeros(c.d_model, c.d_ff, c.activation), layernorm_identity(c.d_model, c.eps),
          layernorm_identity(c.d_model, c.eps), layernorm_identity(c.d_model, c.eps), c.norm_first};
}

void visit_params(DecoderLayer& l, const std::string& prefix, const ParamVisitor& fn) {
  visit_params(l.self_attn, join_name(prefix, "self_attn"), fn);
  visit_params(l.multihead_attn, join_name(prefix, "multihead_attn"), fn);
  visit_params(l.ff, join_name(prefix, "linear1"), join_name(prefix, "linear2"), fn);
  for (auto [name, norm] : {std::pair{"norm1", &l.norm1}, {"norm2", &l.norm2}, {"norm3", &l.norm3}}) {
    visit_param(join_name(prefix, std::string(name) + ".weight"), norm->weight, fn);
    visit_param(join_name(prefix, std::string(name) + ".bias"), norm->bias, fn);
  }
}

DecoderLayerResult decoder_layer_forward(const DecoderLayer& l, const Mat& x, const Mat& memory,
                                         const Mat* self_mask, const Mat* memory_mask, Trace* trace) {
  DecoderLayerResult r;
  const Mat h1 = residual(x, l.norm1, l.norm_first, "self_attn", trace, [&](const Mat& in) {
    TraceScope scope(trace, "self_attn");
    auto a = mha_forward(l.self_attn, in, in, self_mask, trace);
    r.self_weights = std::move(a.weights);
    return a.output;
  });
  const Mat h2 = residual(h1, l.norm2, l.norm_first, "cross_attn", trace, [&](const Mat& in) {
    TraceScope scope(trace, "multihead_attn");
    auto a = mha_forward(l.multihead_attn, in, memory, memory_mask, trace);
    r.cross_weights = std::move(a.weights);
    return a.output;
  });
  r.output = residual(h2, l.norm3, l.norm_first, "ffn", trace, [&](const Mat& in) {
    TraceScope scope(trace, "ff");
    return feed_forward(l.ff, in, trace);
  });
  return r;
}

Mat decoder_forward(const std::vector<DecoderLayer>& layers, const Mat& x, const Mat& memory,
                    const Mat* self_mask, const Mat* memory_mask, Trace* trace) {
  Mat h = x;
  for (size_t i = 0; i < layers.size(); ++i) {
    TraceScope scope(trace, "layers." + std::to_string(i));
    h = decoder_layer_forward(layers[i], h, memory, self_mask, memory_mask, trace).output;
  }
  return h;
}

}  // namespace vp
