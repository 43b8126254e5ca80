// vitplay-cli classify [--model NAME | --weights W [--config C] [--heads H]] IMAGE... [--top K]
//                      [--format text|json]
// Each image is decoded (stb), preprocessed with the model's recipe and classified. A file that
// fails gets its message (one line on stderr, and {"image", "error"} in JSON) and the others
// go on; the exit code is 2 if any failed.
#include <algorithm>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "mains/cli/cli.h"
#include "formats/image_preprocess.h"
#include "nn/softmax.h"
#include "models/vit_naming.h"
#include "platform/data_paths.h"
#include "platform/image_file.h"

namespace vp::cli {

namespace {

struct Guess {
  int index;
  float prob;
};

// The model to classify with: a shipped model by name, or a checkpoint file with its config.
VitCheckpoint load_model(const Args& a) {
  if (a.has("--model") && (a.has("--weights") || a.has("--config")))
    throw Error("give --model NAME or --weights W [--config C], not both");
  VitHints hints;
  std::string weights;
  if (a.has("--weights")) {
    weights = a.get("--weights");
    if (a.has("--config")) hints = read_vit_hints(a.get("--config"));
  } else {
    const std::string name = a.get("--model", "mnist-vit");
    const std::string base = platform::models_dir() + "/" + name;
    if (name.empty() || name.find('/') != std::string::npos || !std::ifstream(base + ".json").good())
      throw Error("unknown model " + quote_name(name) + " (shipped: mnist-vit, fashion-vit; or --weights W --config C)");
    hints = read_vit_hints(base + ".json");
    weights = base + ".safetensors";
  }
  if (a.has("--heads")) hints.heads = a.get_int("--heads", 0, 1, 4096);
  VitCheckpoint model = read_vit_checkpoint(weights, hints);
  fill_default_labels(model, platform::models_dir());
  return model;
}

std::vector<Guess> classify(const VitCheckpoint& model, const std::string& path, int top) {
  const RgbaImage image = platform::read_image_file(path);  // its messages name the file
  Preprocessed input;
  try {
    input = preprocess_image(image, model.preprocess);
  } catch (const Error& e) {
    throw Error(quote_name(path) + ": " + e.what());
  }
  const Mat probs = softmax_rows(vit_forward(model.model, input.input));  // [1, classes]
  std::vector<Guess> guesses;
  for (Eigen::Index i = 0; i < probs.cols(); ++i) guesses.push_back({static_cast<int>(i), probs(0, i)});
  std::stable_sort(guesses.begin(), guesses.end(), [](const Guess& x, const Guess& y) { return x.prob > y.prob; });
  guesses.resize(std::min<size_t>(guesses.size(), static_cast<size_t>(top)));
  return guesses;
}

}  // namespace

int cmd_classify(const std::vector<std::string>& argv) {
  const Args a = parse_args(argv, {"--model", "--weights", "--config", "--heads", "--top", "--format", "--threads"}, {});
  use_threads(a);
  const std::string format = a.get("--format", "text");
  if (format != "text" && format != "json") throw Error("--format must be text or json, got '" + format + "'");
  if (a.positional.empty()) throw Error("classify needs at least one image file");
  const int top = a.get_int("--top", 5, 1, 1 << 20);
  const VitCheckpoint model = load_model(a);

  nlohmann::json results = nlohmann::json::array();
  int failed = 0;
  for (const std::string& path : a.positional) {
    nlohmann::json entry = {{"image", path}};
    try {
      std::string line = path + ":";
      entry["top"] = nlohmann::json::array();
      for (const Guess& g : classify(model, path, top)) {
        const std::string& label = model.labels[static_cast<size_t>(g.index)];
        entry["top"].push_back({{"label", label}, {"index", g.index}, {"prob", g.prob}});
        char prob[32];
        std::snprintf(prob, sizeof prob, " (%.1f%%)", 100.0 * g.prob);
        line += (entry["top"].size() > 1 ? ", " : " ") + label + prob;
      }
      if (format == "text") std::printf("%s\n", line.c_str());
    } catch (const Error& e) {
      ++failed;
      entry = {{"image", path}, {"error", e.what()}};
      std::fprintf(stderr, "vitplay-cli: error: %s\n", e.what());
    }
    results.push_back(entry);
  }
  if (format == "json")
    std::printf("%s\n", results.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  return failed ? 2 : 0;
}

}  // namespace vp::cli
