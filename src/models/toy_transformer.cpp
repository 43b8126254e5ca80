#include "models/toy_transformer.h"

#include "nn/random_init.h"

namespace vp {

Vocabulary toy_source_vocabulary() {
  return {{"<unk>", "I", "Love", "China", "you", "we", "like", "tea", "the", "cat", "sat", "on", "mat", "is",
           "big", "world"},
          0};
}

Vocabulary toy_target_vocabulary() {
  return {{"<unk>", "<s>", "</s>", "我", "爱", "中", "国", "你", "们", "喜", "欢", "茶", "猫", "大"}, 0};
}

Translator toy_transformer(const ToyTransformerConfig& c, int source_vocab, int target_vocab) {
  if (c.num_layers < 1 || c.num_layers > 6)
    throw Error("number of layers must be 1..6, got " + std::to_string(c.num_layers));
  if (source_vocab < 1 || target_vocab < 1) throw Error("vocabularies must not be empty");
  TranslatorConfig config;
  config.source_vocab = source_vocab, config.target_vocab = target_vocab;
  config.d_model = c.d_model, config.num_heads = c.num_heads, config.d_ff = c.d_ff;
  config.num_layers = c.num_layers;
  config.activation = Activation::relu;
  config.norm_first = c.norm_first;
  config.scale_embeddings = false;
  Translator m = translator_zeros(config);

  // one generator for every parameter, in a fixed order: the same seed gives the same model
  const ParamVisitor init = seeded_init(c.seed);
  visit_params(m.source_embedding, "source_embedding", init);
  visit_params(m.target_embedding, "target_embedding", init);
  for (int i = 0; i < c.num_layers; ++i) {
    visit_params(m.encoder[i], "encoder.layers." + std::to_string(i), init);
    visit_params(m.decoder[i], "decoder.layers." + std::to_string(i), init);
  }
  visit_params(m.generator, "generator", init);
  return m;
}

}  // namespace vp
