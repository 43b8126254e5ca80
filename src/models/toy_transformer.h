// The tiny translation transformer of the encoder and decoder scenes (the article's
// "I Love China" -> "我爱中国"): a Translator (translator.h) with the toy's sizes, seeded and
// untrained weights, embeddings without the sqrt(d) factor, post-norm or pre-norm.
#pragma once
#include <cstdint>

#include "formats/vocabulary.h"
#include "models/translator.h"

namespace vp {

// <unk> I love China you we like tea the world ... (English source words)
Vocabulary toy_source_vocabulary();
// <unk> <s> </s> 我 爱 中 国 ... (Chinese target characters; <s> starts, </s> ends a sentence)
Vocabulary toy_target_vocabulary();

struct ToyTransformerConfig {
  int d_model = 4;
  int num_heads = 2;
  int d_ff = 8;
  int num_layers = 1;       // N, for the encoder and the decoder stack
  bool norm_first = false;  // pre-norm (ViT) instead of the paper's post-norm
  uint32_t seed = 7;        // the fixed weights: seeded_init(seed)
};

// The toy as a Translator: every parameter drawn by seeded_init(seed), in the order the embeddings,
// then encoder layer i and decoder layer i for each i, then the generator. Throws vp::Error for
// sizes out of range (d_model % num_heads != 0, layers outside 1..6, empty vocabularies).
Translator toy_transformer(const ToyTransformerConfig& config, int source_vocab, int target_vocab);

}  // namespace vp
