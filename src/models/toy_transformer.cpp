#include "models/toy_transformer.h"

#include "nn/attention.h"
#include "nn/positional_encoding.h"
#include "nn/random_init.h"
#include "nn/softmax.h"

namespace vp {

Vocabulary toy_source_vocabulary() {
  return {{"<unk>", "I", "Love", "China", "you", "we", "like", "tea", "the", "cat", "sat", "on", "mat", "is",
           "big", "world"},
          0};
}

Vocabulary toy_target_vocabulary() {
  return {{"<unk>", "<s>", "</s>", "我", "爱", "中", "国", "你", "们", "喜", "欢", "茶", "猫", "大"}, 0};
}

ToyTransformer toy_transformer(const ToyTransformerConfig& c, int source_vocab, int target_vocab) {
  if (c.num_layers < 1 || c.num_layers > 6)
    throw Error("number of layers must be 1..6, got " + std::to_string(c.num_layers));
  if (source_vocab < 1 || target_vocab < 1) throw Error("vocabularies must not be empty");
  const EncoderLayerConfig layer{c.d_model, c.num_heads, c.d_ff, Activation::relu, c.norm_first};
  ToyTransformer m;
  m.config = c;
  m.source_embedding.weight = Mat::Zero(source_vocab, c.d_model);
  m.target_embedding.weight = Mat::Zero(target_vocab, c.d_model);
  for (int i = 0; i < c.num_layers; ++i) {
    m.encoder.push_back(encoder_layer_zeros(layer));  // throws when d_model % num_heads != 0
    m.decoder.push_back(decoder_layer_zeros(layer));
  }
  m.generator = linear_zeros(c.d_model, target_vocab);

  // one generator for every parameter, in a fixed order: the same seed gives the same model
  const ParamVisitor init = seeded_init(c.seed);
  visit_params(m.source_embedding, "source_embedding", init);
  visit_params(m.target_embedding, "target_embedding", init);
  for (int i = 0; i < c.num_layers; ++i) {
    visit_params(m.encoder[i], "encoder.layers." + std::to_string(i), init);
    visit_params(m.decoder[i], "decoder.layers." + std::to_string(i), init);
  }
  visit_param("generator.weight", m.generator.weight, init);
  visit_param("generator.bias", m.generator.bias, init);
  return m;
}

Mat embed_with_positions(const Embedding& e, const std::vector<int>& ids, Trace* trace) {
  const Mat embedded = embedding_lookup(e, ids, trace);  // [n, d]
  const Mat pe = pe_sinusoidal(static_cast<int>(ids.size()), static_cast<int>(e.weight.cols()));
  const Mat x = embedded + pe;
  record(trace, "positional", "Add positional encoding", "x = E[id] + PE(pos)")
      .in("embeddings", embedded).in("PE", pe).out("x", x);
  return x;
}

Mat toy_encode(const ToyTransformer& m, const std::vector<int>& source_ids, Trace* trace) {
  if (source_ids.empty()) throw Error("the source sentence has no words");
  TraceScope scope(trace, "encoder");
  const Mat x = embed_with_positions(m.source_embedding, source_ids, trace);
  return encoder_forward(m.encoder, x, nullptr, trace);
}

Mat toy_decode(const ToyTransformer& m, const Mat& memory, const std::vector<int>& target_ids, Trace* trace) {
  if (target_ids.empty()) throw Error("the target needs at least the start word <s>");
  const int n = static_cast<int>(target_ids.size());
  const Mat mask = causal_mask(n);
  Mat h;
  {
    TraceScope scope(trace, "decoder");
    const Mat x = embed_with_positions(m.target_embedding, target_ids, trace);
    record(trace, "causal_mask", "Causal mask", "M_ij = 0 if j <= i, -inf if j > i").out("M", mask);
    h = decoder_forward(m.decoder, x, memory, &mask, nullptr, trace);
  }
  const Mat logits = linear_forward(m.generator, h);  // [n, vocab]
  record(trace, "generator", "Linear", "logits = h W^T + b").in("h", h).in("W", m.generator.weight).out("logits", logits);
  const Mat probs = softmax_rows(logits);
  record(trace, "probabilities", "Softmax", "softmax(logits)").in("logits", logits).out("probabilities", probs);
  return probs;
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

std::vector<GreedyStep> toy_greedy_decode(const ToyTransformer& m, const Mat& memory, int start_id, int end_id,
                                          int max_len) {
  std::vector<GreedyStep> steps;
  std::vector<int> ids = {start_id};
  for (int t = 0; t < max_len; ++t) {
    GreedyStep s;
    s.input_ids = ids;
    s.probabilities = toy_decode(m, memory, ids);
    s.next_id = argmax_rows(s.probabilities).back();  // only the last row is new
    ids.push_back(s.next_id);
    steps.push_back(std::move(s));
    if (steps.back().next_id == end_id) break;
  }
  return steps;
}

}  // namespace vp
