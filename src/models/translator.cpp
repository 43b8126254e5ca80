#include "models/translator.h"

#include <cmath>

#include "nn/attention.h"
#include "nn/positional_encoding.h"
#include "nn/random_init.h"
#include "nn/softmax.h"

namespace vp {

void validate(const TranslatorConfig& c) {
  auto require = [](bool ok, const std::string& what) {
    if (!ok) throw Error("translator: " + what);
  };
  require(c.source_vocab >= 1 && c.source_vocab <= 100000, "source vocabulary must have 1..100000 tokens");
  require(c.target_vocab >= 1 && c.target_vocab <= 100000, "target vocabulary must have 1..100000 tokens");
  require(c.d_model >= 1 && c.d_model <= 1024, "d_model must be 1..1024");
  require(c.num_heads >= 1 && c.d_model % c.num_heads == 0, "num_heads must divide d_model");
  require(c.d_ff >= 1 && c.d_ff <= 8192, "d_ff must be 1..8192");
  require(c.num_layers >= 1 && c.num_layers <= 12, "num_layers must be 1..12");
}

Translator translator_zeros(const TranslatorConfig& c) {
  validate(c);
  const EncoderLayerConfig layer{c.d_model, c.num_heads, c.d_ff, c.activation, c.norm_first};
  Translator m;
  m.config = c;
  m.source_embedding.weight = Mat::Zero(c.source_vocab, c.d_model);
  m.target_embedding.weight = Mat::Zero(c.target_vocab, c.d_model);
  for (int i = 0; i < c.num_layers; ++i) {
    m.encoder.push_back(encoder_layer_zeros(layer));
    m.decoder.push_back(decoder_layer_zeros(layer));
  }
  m.generator = linear_zeros(c.d_model, c.target_vocab);
  return m;
}

void visit_params(Translator& m, const std::string& prefix, const ParamVisitor& fn) {
  visit_params(m.source_embedding, join_name(prefix, "source_embedding"), fn);
  visit_params(m.target_embedding, join_name(prefix, "target_embedding"), fn);
  for (size_t i = 0; i < m.encoder.size(); ++i)
    visit_params(m.encoder[i], join_name(prefix, "encoder.layers." + std::to_string(i)), fn);
  for (size_t i = 0; i < m.decoder.size(); ++i)
    visit_params(m.decoder[i], join_name(prefix, "decoder.layers." + std::to_string(i)), fn);
  visit_params(m.generator, join_name(prefix, "generator"), fn);
}

void translator_init(Translator& m, uint32_t seed) {
  const ParamVisitor xavier = seeded_init(seed);
  const float d = static_cast<float>(m.config.d_model);
  visit_params(m, "", [&](const ParamRef& p) {
    xavier(p);
    if (p.name == "source_embedding.weight" || p.name == "target_embedding.weight") {
      // U(-a, a) has std a / sqrt(3): from Xavier's a to a = sqrt(3 / d)
      const float xavier_bound = std::sqrt(6.0f / static_cast<float>(p.shape[0] + p.shape[1]));
      const float scale = std::sqrt(3.0f / d) / xavier_bound;
      for (int64_t i = 0; i < p.numel(); ++i) p.data[i] *= scale;
    }
  });
}

namespace {

// The embeddings' factor: sqrt(d), or 1 without config.scale_embeddings.
float embedding_scale(const TranslatorConfig& c) {
  return c.scale_embeddings ? std::sqrt(static_cast<float>(c.d_model)) : 1.0f;
}

// x = E[ids] s + PE(pos)   [n, d], s = embedding_scale
Mat embed(const TranslatorConfig& c, const Embedding& e, const std::vector<int>& ids, Trace* trace) {
  const Mat embedded = embedding_lookup(e, ids, trace) * embedding_scale(c);
  const Mat pe = pe_sinusoidal(static_cast<int>(ids.size()), static_cast<int>(e.weight.cols()));
  const Mat x = embedded + pe;
  if (c.scale_embeddings)
    record(trace, "positional", "Scale and add positional encoding", "x = E[id] sqrt(d) + PE(pos)")
        .in("E[id] sqrt(d)", embedded).in("PE", pe).out("x", x);
  else
    record(trace, "positional", "Add positional encoding", "x = E[id] + PE(pos)")
        .in("embeddings", embedded).in("PE", pe).out("x", x);
  return x;
}

// backward of embed: dE[ids[i]] += dx_i s   (PE is a constant)
void embed_backward(const TranslatorConfig& c, const std::vector<int>& ids, const Mat& dx, Embedding* grad) {
  embedding_backward(ids, dx * embedding_scale(c), grad);
}

}  // namespace

Mat translator_encode(const Translator& m, const std::vector<int>& source_ids, Trace* trace, TranslatorCache* cache) {
  if (source_ids.empty()) throw Error("the source has no tokens");
  TraceScope scope(trace, "encoder");
  Mat h = embed(m.config, m.source_embedding, source_ids, trace);
  if (cache) {
    cache->source_ids = source_ids;
    cache->encoder.assign(m.encoder.size(), {});
  }
  for (size_t i = 0; i < m.encoder.size(); ++i) {
    TraceScope layer(trace, "layers." + std::to_string(i));
    h = encoder_layer_forward(m.encoder[i], h, nullptr, trace, cache ? &cache->encoder[i] : nullptr);
  }
  if (cache) cache->memory = h;
  return h;
}

Mat translator_decode(const Translator& m, const Mat& memory, const std::vector<int>& target_ids, Trace* trace,
                      TranslatorCache* cache) {
  if (target_ids.empty()) throw Error("the target needs at least the start token <s>");
  const Mat mask = causal_mask(static_cast<int>(target_ids.size()));
  Mat h;
  {
    TraceScope scope(trace, "decoder");
    h = embed(m.config, m.target_embedding, target_ids, trace);
    record(trace, "causal_mask", "Causal mask", "M_ij = 0 if j <= i, -inf if j > i").out("M", mask);
    if (cache) {
      cache->target_ids = target_ids;
      cache->decoder.assign(m.decoder.size(), {});
    }
    for (size_t i = 0; i < m.decoder.size(); ++i) {
      TraceScope layer(trace, "layers." + std::to_string(i));
      h = decoder_layer_forward(m.decoder[i], h, memory, &mask, nullptr, trace, cache ? &cache->decoder[i] : nullptr)
              .output;
    }
  }
  const Mat logits = linear_forward(m.generator, h);  // [n_tgt, vocab]
  if (trace) {
    record(trace, "generator", "Linear", "logits = h W^T + b").in("h", h).in("W", m.generator.weight).out("logits", logits);
    record(trace, "probabilities", "Softmax", "softmax(logits)").in("logits", logits).out("probabilities", softmax_rows(logits));
  }
  if (cache) cache->h = std::move(h);
  return logits;
}

Mat translator_forward(const Translator& m, const std::vector<int>& source_ids, const std::vector<int>& target_ids,
                       Trace* trace, TranslatorCache* cache) {
  const Mat memory = translator_encode(m, source_ids, trace, cache);
  return translator_decode(m, memory, target_ids, trace, cache);
}

void translator_backward(const Translator& m, const TranslatorCache& cache, const Mat& dlogits, Translator* grad) {
  // forward: logits = generator(h)
  Mat dh = linear_backward(m.generator, cache.h, dlogits, &grad->generator);
  // forward: h = decoder layers (y, memory); every layer reads the same memory, so the
  // memory's gradient is the sum over the layers
  Mat dmemory = Mat::Zero(cache.memory.rows(), cache.memory.cols());
  for (size_t i = m.decoder.size(); i-- > 0;) {
    DecoderLayerInputGrads g = decoder_layer_backward(m.decoder[i], cache.decoder[i], dh, &grad->decoder[i]);
    dh = std::move(g.x);
    dmemory += g.memory;
  }
  embed_backward(m.config, cache.target_ids, dh, &grad->target_embedding);
  // forward: memory = encoder layers (x)
  for (size_t i = m.encoder.size(); i-- > 0;)
    dmemory = encoder_layer_backward(m.encoder[i], cache.encoder[i], dmemory, &grad->encoder[i]);
  embed_backward(m.config, cache.source_ids, dmemory, &grad->source_embedding);
}

std::vector<int> argmax_rows(const Mat& m) {
  std::vector<int> out;
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    Eigen::Index best = 0;
    m.row(r).maxCoeff(&best);
    out.push_back(static_cast<int>(best));
  }
  return out;
}

GreedyTranslation translator_greedy(const Translator& m, const std::vector<int>& source_ids, int start_id,
                                    int end_id, int max_len) {
  GreedyTranslation out;
  const Mat memory = translator_encode(m, source_ids);
  std::vector<int> ids = {start_id};
  for (int t = 0; t < max_len; ++t) {
    const Mat logits = translator_decode(m, memory, ids);
    GreedyPass pass;
    pass.input_ids = ids;
    pass.probabilities = softmax_rows(logits.bottomRows(1));  // only the last row is new
    Eigen::Index best = 0;
    pass.probabilities.maxCoeff(&best);
    pass.next_id = static_cast<int>(best);
    out.passes.push_back(pass);
    if (pass.next_id == end_id) {
      out.finished = true;
      break;
    }
    ids.push_back(pass.next_id);
    out.ids.push_back(pass.next_id);
  }
  return out;
}

}  // namespace vp
