// A tiny translation transformer (the article's "I Love China" -> "我爱中国") with seeded,
// untrained weights, for the encoder and decoder scenes: token ids -> embedding + positional
// encoding -> N encoder layers; target so far -> N decoder layers (masked self-attention,
// cross-attention over the encoder output) -> Linear -> softmax over the target vocabulary.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "models/decoder_layer.h"
#include "nn/embedding.h"
#include "models/encoder_layer.h"
#include "formats/vocabulary.h"

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

struct ToyTransformer {
  ToyTransformerConfig config;
  Embedding source_embedding;   // [source vocab, d]
  Embedding target_embedding;   // [target vocab, d]
  std::vector<EncoderLayer> encoder;
  std::vector<DecoderLayer> decoder;
  Linear generator;             // [target vocab, d]: decoder output -> one score per word
};

// Throws vp::Error for sizes out of range (d_model % num_heads != 0, layers outside 1..6).
ToyTransformer toy_transformer(const ToyTransformerConfig& config, int source_vocab, int target_vocab);

// x = E[ids] + PE(n, d)  -> [n, d]; records steps "embedding" and "positional".
Mat embed_with_positions(const Embedding& e, const std::vector<int>& ids, Trace* trace = nullptr);

// source ids -> encoder output ("memory") [n_src, d]; steps are recorded under "encoder.".
Mat toy_encode(const ToyTransformer& m, const std::vector<int>& source_ids, Trace* trace = nullptr);

// Target words so far (starting with <s>) -> next-word probabilities, one row per position:
// [n_tgt, target vocab]. Row i sees target words 0..i only (causal mask) and every source word.
// Steps are recorded under "decoder." plus "generator" (Linear) and "probabilities" (softmax).
Mat toy_decode(const ToyTransformer& m, const Mat& memory, const std::vector<int>& target_ids,
               Trace* trace = nullptr);

// Index of the largest entry of each row: the predicted word per position.
std::vector<int> argmax_rows(const Mat& m);

// Inference: start from <s>, predict one word, append it, run the decoder again, ... until
// </s> or max_len words. Entry t holds the input of step t and the probabilities it produced.
struct GreedyStep {
  std::vector<int> input_ids;  // <s> w_1 ... w_t
  Mat probabilities;           // [t + 1, target vocab]
  int next_id = 0;             // argmax of the last row: the word fed back in
};
std::vector<GreedyStep> toy_greedy_decode(const ToyTransformer& m, const Mat& memory, int start_id, int end_id,
                                          int max_len);

}  // namespace vp
