// vitplay-cli live-train [--model mnist-vit] [--epochs N] [--lr X] [--batch-size B] [--seed S]
//                        [--no-augment] [--steps N] [--format text|json]
// The training scene's live run (train/live_training.h) outside the page, with the page's
// defaults: the same steps the engine takes, so the page's loss after N steps can be checked
// against it, and its speed compared with the page's (bench/page-training.mjs).
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "mains/cli/cli.h"
#include "train/live_training.h"
#include "train/training_job.h"

namespace vp::cli {

int cmd_live_train(const std::vector<std::string>& argv) {
  Args a = parse_args(argv, {"--model", "--epochs", "--lr", "--batch-size", "--seed", "--steps", "--format"},
                      {"--no-augment"});
  LiveTrainingSettings s;
  s.model = a.get("--model", s.model);
  s.epochs = a.get_int("--epochs", s.epochs, 1, 1000);
  if (a.has("--lr")) {
    const std::string v = a.get("--lr");
    char* end = nullptr;
    s.lr = std::strtof(v.c_str(), &end);
    if (end == v.c_str() || *end) throw Error("--lr must be a number, got '" + v + "'");
  }
  s.batch_size = a.get_int("--batch-size", s.batch_size, 1, 4096);
  s.seed = static_cast<uint32_t>(a.get_int("--seed", 1, 0, 1 << 30));
  s.augment = !a.has("--no-augment");
  const int max_steps = a.get_int("--steps", 1 << 30, 1, 1 << 30);
  const std::string format = a.get("--format", "text");
  if (format != "text" && format != "json") throw Error("--format must be text or json, got '" + format + "'");

  const VitTrainConfig config = live_training_config(s);  // refuses a bad setting by name
  const ModelRecipe recipe = model_recipe(s.model);
  auto train = std::make_shared<const ImageDataset>(load_dataset(recipe, Split::train));
  auto held_out = std::make_shared<const ImageDataset>(load_dataset(recipe, Split::held_out));
  LiveTraining run(config, train, held_out, first_of_classes(*held_out, TrainingJob::attention_example_classes()));
  const double start = wall_seconds();
  double reached95 = -1;
  size_t seen = 0;
  while (!run.done() && run.progress().step < max_steps) {
    run.step();
    for (; seen < run.accuracy_curve().size(); ++seen)
      if (reached95 < 0 && run.accuracy_curve()[seen].accuracy >= 0.95f) reached95 = wall_seconds() - start;
    if (format == "text" && run.phase() == LivePhase::evaluating && run.evaluation_progress() == 0)
      std::printf("step %d: loss %.4f\n", run.progress().step, run.recent_loss());
  }
  const double seconds = wall_seconds() - start;
  const TrainProgress& p = run.progress();
  if (format == "json") {
    nlohmann::json curve = nlohmann::json::array();
    for (const AccuracyPoint& c : run.accuracy_curve()) curve.push_back({c.step, c.accuracy});
    std::printf("%s\n", nlohmann::json({{"benchmark", "live-train"},
                                        {"model", s.model}, {"phase", to_string(run.phase())}, {"steps", p.step},
                                        {"images", p.images}, {"seconds", seconds},
                                        {"images_per_second", static_cast<double>(p.images) / seconds},
                                        {"losses", run.step_losses()}, {"accuracy_curve", curve},
                                        {"reached95_seconds", reached95 < 0 ? nlohmann::json(nullptr) : nlohmann::json(reached95)}})
                            .dump()
                            .c_str());
  } else {
    std::printf("%s after %d steps, %lld images in %.1f s (%.0f images/s); held-out %.2f %%\n",
                to_string(run.phase()), p.step, p.images, seconds, static_cast<double>(p.images) / seconds,
                100.0 * run.held_out_accuracy());
  }
  return 0;
}

}  // namespace vp::cli
