// vitplay-cli bench train [--model mnist-vit] [--images N] [--threads N] [--format text|json]
// vitplay-cli bench vit --weights W.safetensors --heads H [--repeat N] [--threads N] [--format text|json]
// Speed measurements for ci/bench (never asserted in tests): training images per second, and
// the milliseconds of one ViT forward on one image, on --threads threads (default: one per core).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "mains/cli/cli.h"
#include "nn/parallel.h"
#include "nn/random_init.h"
#include "models/vit_checkpoint.h"

namespace vp::cli {

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }
// The process's CPU time, all its threads': on a shared machine it counts only the time this run
// had a core.
double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

#ifdef __EMSCRIPTEN__
const char* kTarget = "wasm";
#else
const char* kTarget = "native";
#endif

bool json_format(const Args& a) {
  const std::string format = a.get("--format", "text");
  if (format != "text" && format != "json") throw Error("--format must be text or json, got '" + format + "'");
  return format == "json";
}

// The model's training recipe on its own data, timed over whole mini-batches (forward, backward,
// clipping, AdamW) after one untimed warm-up batch.
int bench_train(const Args& a) {
  const ModelRecipe recipe = model_recipe(a.get("--model", "mnist-vit"));
  const int images = a.get_int("--images", 2048, 1, 1 << 20);
  const ImageDataset train = load_dataset(recipe, Split::train);
  VitTrainer trainer(recipe.train, train);
  trainer.run(1);
  const int batches = std::max(1, (images + recipe.train.batch_size - 1) / recipe.train.batch_size);
  const auto start = Clock::now();
  const double cpu_start = cpu_seconds();
  trainer.run(batches);
  const double seconds = seconds_since(start), cpu = cpu_seconds() - cpu_start;
  const double trained = static_cast<double>(batches) * recipe.train.batch_size;
  if (json_format(a)) {
    std::printf("%s\n", nlohmann::json({{"benchmark", "train"}, {"target", kTarget}, {"model", recipe.name},
                                        {"threads", threads()}, {"batch_size", recipe.train.batch_size},
                                        {"images", trained},
                                        {"seconds", seconds}, {"images_per_second", trained / seconds},
                                        {"cpu_seconds", cpu}, {"images_per_cpu_second", trained / cpu}})
                            .dump()
                            .c_str());
  } else {
    std::printf("train %s (%s, %d thread%s): %.0f images in %.2f s, %.0f images/s (batch %d)\n",
                recipe.name.c_str(), kTarget, threads(), threads() > 1 ? "s" : "", trained, seconds,
                trained / seconds, recipe.train.batch_size);
  }
  return 0;
}

// One image (uniform noise in [-1, 1), the same every run) through the ViT, `repeat` times after
// one untimed warm-up forward; the median is what ci/bench compares.
int bench_vit(const Args& a) {
  const int repeat = a.get_int("--repeat", 10, 1, 10000);
  const bool json = json_format(a);
  const Vit model = load_vit(read_safetensors(a.require("--weights")), a.get_int("--heads", 1, 1, 4096));
  const VitConfig& c = model.config;
  const Mat image = random_uniform(c.channels * c.image_size, c.image_size, -1.0f, 1.0f, 1);
  vit_forward(model, image);
  std::vector<double> ms;
  const double cpu_start = cpu_seconds();
  for (int i = 0; i < repeat; ++i) {
    const auto start = Clock::now();
    vit_forward(model, image);
    ms.push_back(1000.0 * seconds_since(start));
  }
  const double cpu_ms = 1000.0 * (cpu_seconds() - cpu_start) / repeat;
  std::vector<double> sorted = ms;
  std::sort(sorted.begin(), sorted.end());
  const double median = repeat % 2 ? sorted[repeat / 2] : 0.5 * (sorted[repeat / 2 - 1] + sorted[repeat / 2]);
  if (json) {
    std::printf("%s\n", nlohmann::json({{"benchmark", "vit"}, {"target", kTarget}, {"threads", threads()},
                                        {"image_size", c.image_size}, {"patch_size", c.patch_size}, {"dim", c.dim},
                                        {"depth", c.depth}, {"heads", c.heads}, {"repeat", repeat},
                                        {"ms_per_forward", median}, {"ms_min", sorted.front()},
                                        {"ms_max", sorted.back()}, {"cpu_ms_per_forward", cpu_ms}, {"ms", ms}})
                            .dump()
                            .c_str());
  } else {
    std::printf("vit %dx%d patch %d dim %d depth %d (%s, %d thread%s): %.2f ms per forward (median of %d; %.2f..%.2f)\n",
                c.image_size, c.image_size, c.patch_size, c.dim, c.depth, kTarget, threads(),
                threads() > 1 ? "s" : "", median, repeat, sorted.front(), sorted.back());
  }
  return 0;
}

}  // namespace

int cmd_bench(const std::vector<std::string>& argv) {
  Args a = parse_args(argv, {"--model", "--images", "--format", "--weights", "--heads", "--repeat", "--threads"}, {});
  if (a.positional.size() != 1 || (a.positional[0] != "train" && a.positional[0] != "vit"))
    throw Error("bench takes one benchmark: train or vit");
  use_threads(a);
  if (a.positional[0] == "train") {
    for (const char* flag : {"--weights", "--heads", "--repeat"})
      if (a.has(flag)) throw Error(std::string(flag) + " does not apply to bench train");
    return bench_train(a);
  }
  for (const char* flag : {"--model", "--images"})
    if (a.has(flag)) throw Error(std::string(flag) + " does not apply to bench vit");
  return bench_vit(a);
}

}  // namespace vp::cli
