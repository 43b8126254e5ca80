// vitplay-cli translate [--model numbers-translator | --weights W.safetensors] [WORDS...]
// vitplay-cli train numbers-translator [--epochs N] [--seed S] --out W.safetensors
// vitplay-cli eval --model numbers-translator
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "mains/cli/cli.h"
#include "formats/checkpoint.h"
#include "train/translator_training.h"
#include "platform/data_paths.h"

namespace vp::cli {

namespace {

// "W.safetensors" -> "W": the pair W.safetensors + W.json
std::string file_pair_base(const std::string& weights) {
  const std::string ext = ".safetensors";
  const bool has_ext = weights.size() > ext.size() && weights.compare(weights.size() - ext.size(), ext.size(), ext) == 0;
  if (!has_ext) throw Error("weights file '" + weights + "' must end in .safetensors (its description: .json)");
  return weights.substr(0, weights.size() - ext.size());
}

// --weights W.safetensors (a model just trained), else --model NAME from the shipped models
Translator load_chosen_translator(const Args& a) {
  if (a.has("--weights")) {
    if (a.has("--model")) throw Error("give --model or --weights, not both");
    return load_translator(file_pair_base(a.get("--weights")));
  }
  const std::string name = a.get("--model", kNumbersTranslator);
  if (name != kNumbersTranslator)
    throw Error("unknown translation model '" + name + "' (known: " + kNumbersTranslator + ")");
  return load_translator(platform::models_dir() + "/" + name);
}

}  // namespace

bool names_translator(const std::vector<std::string>& argv) {
  return std::find(argv.begin(), argv.end(), kNumbersTranslator) != argv.end();
}

int cmd_translate(const std::vector<std::string>& argv) {
  const Args a = parse_args(argv, {"--model", "--weights", "--threads"}, {});
  use_threads(a);
  std::vector<std::string> inputs = a.positional;
  if (inputs.empty())
    for (std::string line; std::getline(std::cin, line);) inputs.push_back(line);
  if (inputs.empty()) throw Error("nothing to translate (give English number words, e.g. \"twenty three\")");
  // every input is checked before anything is printed: one bad line refuses the whole call
  std::vector<int> numbers;
  for (const auto& text : inputs) numbers.push_back(parse_english_number(english_tokens(text)));
  const Translator model = load_chosen_translator(a);
  for (int n : numbers) std::printf("%s\n", translate_greedy(model, number_pair(n).source).c_str());
  return 0;
}

int eval_numbers_translator(const std::vector<std::string>& argv) {
  const Args a = parse_args(argv, {"--model", "--threads"}, {});
  use_threads(a);
  const Translator model = load_chosen_translator(a);
  const std::vector<TranslationPair> held_out = number_pairs(Split::held_out);
  std::printf("%s: held-out exact match %.4f on %zu numbers (greedy decoding)\n", kNumbersTranslator,
              exact_match_accuracy(model, held_out), held_out.size());
  return 0;
}

int train_numbers_translator(const std::vector<std::string>& argv) {
  const Args a = parse_args(argv, {"--epochs", "--seed", "--out", "--threads"}, {});
  use_threads(a);
  TranslatorTrainConfig recipe = numbers_translator_recipe();
  recipe.epochs = a.get_int("--epochs", recipe.epochs, 1, 1000);
  recipe.seed = static_cast<uint32_t>(a.get_int("--seed", 1, 0, 1 << 30));
  const std::string out = a.require("--out");
  const std::string base = file_pair_base(out);
  validate(recipe);

  const std::vector<TranslationPair> train = number_pairs(Split::train);
  const std::vector<TranslationPair> held_out = number_pairs(Split::held_out);
  std::printf("%s: %zu training numbers, %zu held out (n %% 7 == 3); %d epochs, seed %u\n", kNumbersTranslator,
              train.size(), held_out.size(), recipe.epochs, recipe.seed);
  TranslatorTrainer trainer(recipe, train);
  const auto start = std::chrono::steady_clock::now();
  auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  int last_epoch = 0;
  while (trainer.run(1)) {
    const TrainProgress& p = trainer.progress();
    print_train_progress(p, recipe.epochs, recipe.batch_size, seconds(), "numbers", p.epoch != last_epoch);
    if (p.epoch != last_epoch) {
      last_epoch = p.epoch;
      // a quick look at a tenth of the held-out numbers; the full set is scored at the end
      std::vector<TranslationPair> sample;
      for (size_t i = 0; i < held_out.size(); i += 10) sample.push_back(held_out[i]);
      std::printf("\nepoch %d done: held-out exact match %.4f (every 10th number)\n", p.epoch,
                  exact_match_accuracy(trainer.model(), sample));
    }
  }
  if (trainer.progress().diverged)
    throw Error("training diverged (NaN loss) at step " + std::to_string(trainer.progress().step) +
                "; the weights before it were kept but not written");
  const double train_seconds = seconds();
  Translator model = trainer.model();
  const float accuracy = exact_match_accuracy(model, held_out);
  write_safetensors(out, save_params(walk_params(model)));
  const nlohmann::json trained = {{"epochs", recipe.epochs},
                                  {"seed", recipe.seed},
                                  {"batch_size", recipe.batch_size},
                                  {"lr", recipe.lr},
                                  {"label_smoothing", recipe.label_smoothing},
                                  {"held_out_exact_match", accuracy},
                                  {"held_out_numbers", held_out.size()},
                                  {"seconds", train_seconds}};
  std::ofstream description(base + ".json");
  if (!(description << translator_description(recipe, trained).dump(2) << "\n")) throw Error("cannot write " + base + ".json");
  std::printf("\ntrained in %.0f s; held-out exact match %.4f; wrote %s and %s.json\n", train_seconds, accuracy,
              out.c_str(), base.c_str());
  return 0;
}

}  // namespace vp::cli
