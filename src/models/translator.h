// A small encoder-decoder transformer (Vaswani et al. 2017, post-norm, dropout 0) that
// learns to translate, e.g. English number words into Chinese numerals (number_words.h):
//
//   x      = E_src[source ids] sqrt(d) + PE                 [n_src, d]   (section 3.4: embeddings x sqrt(d);
//                                                                       config.scale_embeddings)
//   memory = N encoder layers (x)                            [n_src, d]
//   y      = E_tgt[<s> t_1 .. t_k] sqrt(d) + PE              [k+1, d]     the target shifted right
//   h      = N decoder layers (y, memory), causal mask       [k+1, d]     row i sees target 0..i
//   logits = h W^T + b                                       [k+1, target vocab]  row i predicts t_{i+1}
//
// Weights are named like a PyTorch module holding nn.Embedding, nn.TransformerEncoderLayer,
// nn.TransformerDecoderLayer and nn.Linear (tests/make_translator_fixture.py builds one):
//   source_embedding.weight [source vocab, d]     target_embedding.weight [target vocab, d]
//   encoder.layers.N.{self_attn, linear1, linear2, norm1, norm2}.*
//   decoder.layers.N.{self_attn, multihead_attn, linear1, linear2, norm1, norm2, norm3}.*
//   generator.weight [target vocab, d], generator.bias [target vocab]
#pragma once
#include <cstdint>
#include <vector>

#include "models/decoder_layer.h"
#include "nn/embedding.h"
#include "models/encoder_layer.h"

namespace vp {

struct TranslatorConfig {
  int source_vocab = 33;  // english_number_vocabulary()
  int target_vocab = 16;  // chinese_numeral_vocabulary()
  int d_model = 32;
  int num_heads = 4;
  int d_ff = 64;
  int num_layers = 2;     // N: encoder layers, and as many decoder layers
  Activation activation = Activation::relu;  // of the feed-forward blocks (the paper's ReLU)
  bool norm_first = false;       // pre-norm (ViT) instead of the paper's post-norm
  bool scale_embeddings = true;  // E[id] sqrt(d) as in the paper; false: E[id] as it is
};

// Throws vp::Error naming the first size out of range (d_model % num_heads != 0, ...).
void validate(const TranslatorConfig& c);

struct Translator {
  TranslatorConfig config;
  Embedding source_embedding;  // [source vocab, d]
  Embedding target_embedding;  // [target vocab, d]
  std::vector<EncoderLayer> encoder;
  std::vector<DecoderLayer> decoder;
  Linear generator;            // [target vocab, d]
};

// All weights zero, LayerNorm gains one. Throws vp::Error for a bad config.
Translator translator_zeros(const TranslatorConfig& c);
// The names above.
void visit_params(Translator& m, const std::string& prefix, const ParamVisitor& fn);
// Xavier-uniform matrices (seeded_init), embeddings rescaled to std 1/sqrt(d) so that
// E sqrt(d) has std 1 like the positional encoding, biases 0, LayerNorm gains 1.
void translator_init(Translator& m, uint32_t seed);

// What the backward pass needs from the forward.
struct TranslatorCache {
  std::vector<int> source_ids, target_ids;
  std::vector<EncoderLayerCache> encoder;
  std::vector<DecoderLayerCache> decoder;
  Mat memory;  // [n_src, d] the encoder's output
  Mat h;       // [n_tgt, d] the decoder's output, the generator's input
};

// source ids -> memory [n_src, d]. Steps recorded under "encoder." (per layer, per head:
// "encoder.layers.L.self_attn.headK.softmax"). Throws vp::Error for no ids or an id out of range.
Mat translator_encode(const Translator& m, const std::vector<int>& source_ids, Trace* trace = nullptr,
                      TranslatorCache* cache = nullptr);

// target so far (starting with <s>) and memory -> logits [n_tgt, target vocab]. Steps under
// "decoder.": "decoder.causal_mask", "decoder.layers.L.self_attn.headK.softmax" (masked,
// [n_tgt, n_tgt]), "decoder.layers.L.multihead_attn.headK.softmax" (characters over the
// source words, [n_tgt, n_src]), then "generator" and "probabilities".
Mat translator_decode(const Translator& m, const Mat& memory, const std::vector<int>& target_ids,
                      Trace* trace = nullptr, TranslatorCache* cache = nullptr);

// Teacher forcing, the training pass: every target position at once -> logits [n_tgt, vocab].
Mat translator_forward(const Translator& m, const std::vector<int>& source_ids, const std::vector<int>& target_ids,
                       Trace* trace = nullptr, TranslatorCache* cache = nullptr);

// dlogits: [n_tgt, vocab] -> adds every weight's gradient into grad (same shapes as m).
void translator_backward(const Translator& m, const TranslatorCache& cache, const Mat& dlogits, Translator* grad);

// Index of the largest entry of each row: the predicted token per position.
std::vector<int> argmax_rows(const Mat& m);

// Inference: start from <s>; each pass runs the decoder on everything written so far, takes
// the most probable next token (argmax of the last row) and feeds it back, until </s> or
// max_len tokens.
struct GreedyPass {
  std::vector<int> input_ids;  // <s> t_1 .. t_k: what this pass read
  Vec probabilities;           // [target vocab]: softmax of the last row
  int next_id = 0;             // the token written (fed back next pass)
};
struct GreedyTranslation {
  std::vector<int> ids;            // the tokens written, without <s> and </s>
  std::vector<GreedyPass> passes;  // one per token written, </s> included
  bool finished = false;           // </s> was written within max_len
};
GreedyTranslation translator_greedy(const Translator& m, const std::vector<int>& source_ids, int start_id,
                                    int end_id, int max_len);

}  // namespace vp
