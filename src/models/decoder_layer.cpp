#include "models/decoder_layer.h"

#include "nn/residual.h"

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
  return decoder_layer_forward(l, x, memory, self_mask, memory_mask, trace, nullptr);
}

DecoderLayerResult decoder_layer_forward(const DecoderLayer& l, const Mat& x, const Mat& memory,
                                         const Mat* self_mask, const Mat* memory_mask, Trace* trace,
                                         DecoderLayerCache* cache) {
  DecoderLayerResult r;
  // one attention sub-layer's f: m over queries `in` and keys/values `kv` (self-attention for
  // null), keeping its weights
  auto attention = [&](const char* scope_name, const MultiHeadAttention& m, const Mat* kv, const Mat* mask,
                       MhaCache* mha_cache, std::vector<Mat>* weights) {
    return [&m, kv, mask, mha_cache, weights, scope_name, trace](const Mat& in) {
      TraceScope scope(trace, scope_name);
      MhaOptions o;
      o.mask = mask, o.trace = trace, o.cache = mha_cache;
      auto a = kv ? mha_cross_forward(m, in, *kv, o) : mha_self_forward(m, in, o);
      *weights = std::move(a.weights);
      return a.output;
    };
  };
  const Mat h1 = residual(x, l.norm1, l.norm_first, "self_attn", trace, cache ? &cache->norm1 : nullptr,
                          attention("self_attn", l.self_attn, nullptr, self_mask,
                                    cache ? &cache->self_attn : nullptr, &r.self_weights));
  const Mat h2 = residual(h1, l.norm2, l.norm_first, "cross_attn", trace, cache ? &cache->norm2 : nullptr,
                          attention("multihead_attn", l.multihead_attn, &memory, memory_mask,
                                    cache ? &cache->multihead_attn : nullptr, &r.cross_weights));
  r.output = residual(h2, l.norm3, l.norm_first, "ffn", trace, cache ? &cache->norm3 : nullptr, [&](const Mat& in) {
    TraceScope scope(trace, "ff");
    return feed_forward(l.ff, in, trace, cache ? &cache->ff : nullptr);
  });
  return r;
}

DecoderLayerInputGrads decoder_layer_backward(const DecoderLayer& l, const DecoderLayerCache& cache, const Mat& dy,
                                              DecoderLayer* grad) {
  DecoderLayerInputGrads g;
  // forward: output = residual(h2, norm3, ..., feed_forward)
  const Mat dh2 = residual_backward(l.norm3, l.norm_first, cache.norm3, dy, &grad->norm3, [&](const Mat& dout) {
    return feed_forward_backward(l.ff, cache.ff, dout, &grad->ff);
  });
  // forward: h2 = residual(h1, norm2, ..., mha_cross_forward(multihead_attn, in, memory)):
  // queries from h1, keys and values from the memory
  const Mat dh1 = residual_backward(l.norm2, l.norm_first, cache.norm2, dh2, &grad->norm2, [&](const Mat& dout) {
    MhaInputGrads a = mha_cross_backward(l.multihead_attn, cache.multihead_attn, dout, &grad->multihead_attn);
    g.memory = std::move(a.key_value_in);
    return a.query_in;
  });
  // forward: h1 = residual(x, norm1, ..., mha_self_forward(self_attn, in))
  g.x = residual_backward(l.norm1, l.norm_first, cache.norm1, dh1, &grad->norm1, [&](const Mat& dout) {
    return mha_self_backward(l.self_attn, cache.self_attn, dout, &grad->self_attn);
  });
  return g;
}

}  // namespace vp
