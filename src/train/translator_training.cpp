#include "train/translator_training.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "formats/checkpoint.h"
#include "nn/cross_entropy.h"
#include "formats/file_bytes.h"

namespace vp {

TranslationPair number_pair(int n) {
  TranslationPair p;
  p.number = n;
  p.source = english_number_vocabulary().ids(english_tokens(english_number_words(n)));
  const std::vector<int> chars = chinese_numeral_vocabulary().ids(chinese_numeral_characters(n));
  p.target_in = {kStartId};
  p.target_in.insert(p.target_in.end(), chars.begin(), chars.end());
  p.target_out = chars;
  p.target_out.push_back(kEndId);
  return p;
}

std::vector<TranslationPair> number_pairs(Split split) {
  std::vector<TranslationPair> pairs;
  for (int n = 0; n <= kMaxNumber; ++n)
    if (is_held_out_number(n) == (split == Split::held_out)) pairs.push_back(number_pair(n));
  return pairs;
}

TranslatorTrainConfig numbers_translator_recipe() {
  TranslatorTrainConfig c;
  c.model.source_vocab = static_cast<int>(english_number_vocabulary().words.size());
  c.model.target_vocab = static_cast<int>(chinese_numeral_vocabulary().words.size());
  return c;
}

void validate(const TranslatorTrainConfig& c) {
  validate(c.model);
  validate(static_cast<const TrainingHyperParameters&>(c));
}

namespace {

const TranslatorTrainConfig& checked(const TranslatorTrainConfig& config) {
  validate(config);
  return config;
}

Translator initial_weights(const TranslatorTrainConfig& config) {
  Translator model = translator_zeros(config.model);
  translator_init(model, config.seed);
  return model;
}

}  // namespace

TranslatorTrainer::TranslatorTrainer(const TranslatorTrainConfig& config, const std::vector<TranslationPair>& train)
    : config_(checked(config)),
      data_(train),
      // the paper's betas and eps
      loop_(initial_weights(config), config, {0.9f, 0.98f, 1e-9f, config.weight_decay}, train.size(), config.seed) {}

bool TranslatorTrainer::run(int batches) {
  const CrossEntropyOptions ce{config_.label_smoothing, kPadId};
  for (int b = 0; b < batches && !loop_.finished(); ++b) {
    const auto batch = loop_.take(config_.batch_size);
    for (size_t k = 0; k < batch.count; ++k) {
      const TranslationPair& pair = data_[batch.index[k]];
      TranslatorCache cache;
      const Mat logits = translator_forward(loop_.model(), pair.source, pair.target_in, nullptr, &cache);
      CrossEntropyCache ce_cache;
      // the loss of a number: the mean over its target tokens; of a batch: the mean over its numbers
      const double loss = cross_entropy_forward(logits, pair.target_out, ce, &ce_cache);
      translator_backward(loop_.model(), cache, cross_entropy_backward(ce_cache, ce, batch.loss_scale), &loop_.grads());
      loop_.done(1, loss);  // the batch's last number takes the optimizer step
    }
  }
  return !loop_.finished();
}

std::string translate_greedy(const Translator& m, const std::vector<int>& source_ids) {
  const Vocabulary chinese = chinese_numeral_vocabulary();
  // the longest numeral has 7 characters; a few more show a model that does not stop
  const GreedyTranslation t = translator_greedy(m, source_ids, kStartId, kEndId, 12);
  std::string text;
  for (int id : t.ids) text += chinese.words[id];
  return text;
}

float exact_match_accuracy(const Translator& m, const std::vector<TranslationPair>& pairs) {
  if (pairs.empty()) return 0;
  size_t correct = 0;
  for (const auto& p : pairs) correct += translate_greedy(m, p.source) == chinese_numeral(p.number);
  return static_cast<float>(correct) / static_cast<float>(pairs.size());
}

nlohmann::json translator_description(const TranslatorTrainConfig& r, const nlohmann::json& trained) {
  const TranslatorConfig& c = r.model;
  return {{"name", kNumbersTranslator},
          {"architecture", "translator"},
          {"config",
           {{"source_vocab", c.source_vocab}, {"target_vocab", c.target_vocab}, {"d_model", c.d_model},
            {"num_heads", c.num_heads}, {"d_ff", c.d_ff}, {"num_layers", c.num_layers},
            {"activation", activation_name(c.activation)}}},
          {"source_vocabulary", english_number_vocabulary().words},
          {"target_vocabulary", chinese_numeral_vocabulary().words},
          {"held_out", "n % 7 == 3"},
          {"trained", trained}};
}

Translator load_translator(const std::string& base) {
  const auto bytes = read_file_bytes(base + ".json", 1 << 20, "model description");
  const auto d = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (d.is_discarded() || !d.is_object()) throw Error(base + ".json is not valid JSON");
  if (d.value("architecture", "") != "translator") throw Error(base + ".json does not describe a translator");
  if (!d.contains("config") || !d["config"].is_object()) throw Error(base + ".json has no \"config\" object");
  const auto& c = d["config"];
  auto get = [&](const char* key) {
    if (!c.contains(key) || !c[key].is_number_integer())
      throw Error(base + ".json: config lacks integer \"" + key + "\"");
    return c[key].get<int>();
  };
  const TranslatorConfig config{get("source_vocab"), get("target_vocab"), get("d_model"),    get("num_heads"),
                                get("d_ff"),         get("num_layers"),   parse_activation(c.value("activation", "relu"))};
  // the vocabularies are number_words.h's; a model trained on others would read wrong ids
  if (d.value("source_vocabulary", nlohmann::json()) != nlohmann::json(english_number_vocabulary().words) ||
      d.value("target_vocabulary", nlohmann::json()) != nlohmann::json(chinese_numeral_vocabulary().words))
    throw Error(base + ".json: its vocabularies differ from the numbers translator's");
  Translator m = translator_zeros(config);
  load_params(walk_params(m), read_safetensors(base + ".safetensors"));
  return m;
}

}  // namespace vp
