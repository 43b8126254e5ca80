// The numbers-translator: its data (number_words.h: every number 0..9999 as English words ->
// Chinese numeral, n % 7 == 3 held out), its recipe, training with the core's own backward
// passes (teacher forcing, cross-entropy per target token, AdamW with warm-up and cosine
// decay, gradient clipping, deterministic shuffling), exact-match evaluation with greedy
// decoding, and its file pair in models/:
//   numbers-translator.safetensors   the weights (names in translator.h)
//   numbers-translator.json          {"name", "architecture": "translator", "config",
//                                     "source_vocabulary", "target_vocabulary", "held_out",
//                                     "trained": {recipe and result}}
#pragma once
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "train/image_dataset.h"  // Split
#include "train/number_words.h"
#include "nn/optimizer.h"
#include "nn/random_init.h"
#include "models/translator.h"
#include "train/training_loop.h"

namespace vp {

constexpr const char* kNumbersTranslator = "numbers-translator";

// One number as the model sees it.
struct TranslationPair {
  int number = 0;
  std::vector<int> source;      // English word ids
  std::vector<int> target_in;   // <s> c_1 .. c_k  (the decoder's input, shifted right)
  std::vector<int> target_out;  // c_1 .. c_k </s> (what each position must predict)
};
TranslationPair number_pair(int n);
// The training numbers (n % 7 != 3, 8,571) or the held-out ones (n % 7 == 3, 1,429), in order.
std::vector<TranslationPair> number_pairs(Split split);

// A translator training run: the schedule's hyper-parameters, the model's sizes and the seed of
// its initialisation and shuffling.
struct TranslatorTrainConfig : TrainingHyperParameters {
  TranslatorTrainConfig() : TrainingHyperParameters{8} {}  // 8 epochs, batch 32, peak lr 1e-3, ...
  TranslatorConfig model;
  uint32_t seed = 1;
};
// The shipped recipe (the numbers-translator's sizes and schedule).
TranslatorTrainConfig numbers_translator_recipe();
// Throws vp::Error naming the first hyper-parameter that is NaN or out of range.
void validate(const TranslatorTrainConfig& c);

class TranslatorTrainer {
 public:
  // The pairs must outlive the trainer.
  TranslatorTrainer(const TranslatorTrainConfig& config, const std::vector<TranslationPair>& train);
  // Runs up to `batches` mini-batches; returns false once training is complete or diverged
  // (a NaN/Inf loss or gradient: the weights before that batch are kept).
  bool run(int batches);
  const TrainProgress& progress() const { return loop_.progress(); }
  const Translator& model() const { return loop_.model(); }

 private:
  TranslatorTrainConfig config_;
  const std::vector<TranslationPair>& data_;
  TrainingLoop<Translator> loop_;
};

// Greedy translation of a number's English words: the Chinese characters written.
std::string translate_greedy(const Translator& m, const std::vector<int>& source_ids);
// Fraction of the pairs whose greedy translation equals the Chinese numeral exactly.
float exact_match_accuracy(const Translator& m, const std::vector<TranslationPair>& pairs);

// The model's JSON description (what models/numbers-translator.json holds).
nlohmann::json translator_description(const TranslatorTrainConfig& recipe, const nlohmann::json& trained);
// Reads models/NAME.json and models/NAME.safetensors (base = the path without extension).
// Throws vp::Error for a missing file, a description that is not a translator, vocabularies
// other than number_words.h's, or weights that do not fit.
Translator load_translator(const std::string& base);

}  // namespace vp
