// Live training (the training scene's engine): a mini-batch split over slices gives the same
// weights as whole batches, a sliced run trains and evaluates to the end, the attention of the
// fixed examples is a distribution over the patches, and bad settings are refused by name.
#include <catch2/catch.hpp>
#include <cmath>

#include "train/live_training.h"
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

TEST_CASE("a mini-batch split into chunks of images gives the weights of whole batches",
          "[training][live]") {
  const auto train = left_or_right(46, 3);  // the last batch of each epoch has 6 images
  vp::VitTrainer whole(tiny_config(), train), split(tiny_config(), train);
  while (whole.run(1)) {
  }
  while (split.run_images(3)) {
  }
  CHECK(split.progress().step == whole.progress().step);
  CHECK(split.progress().images == 3 * 46);
  // the same images in the same order; only the grouping of the gradient sums differs
  CHECK(split.progress().loss == Approx(whole.progress().loss).epsilon(1e-5));
  CHECK(split.model().head.weight.isApprox(whole.model().head.weight, 1e-4f));
  CHECK(split.model().layers[1].ff.linear2.weight.isApprox(whole.model().layers[1].ff.linear2.weight, 1e-4f));
}

TEST_CASE("live training: slices train and evaluate to the end", "[training][live]") {
  auto train = std::make_shared<const vp::ImageDataset>(left_or_right(60, 1));
  auto held_out = std::make_shared<const vp::ImageDataset>(left_or_right(20, 2));
  const auto examples = vp::first_of_classes(*held_out, {1, 0, 7});
  REQUIRE(examples == std::vector<size_t>{1, 0});  // class 7 does not exist
  vp::VitTrainConfig config = tiny_config();
  config.epochs = 8;
  config.augment = {0, 0, 0, 0};
  vp::LiveTraining run(config, train, held_out, examples);
  CHECK(run.phase() == vp::LivePhase::evaluating);  // the untrained model is measured first
  int slices = 0;
  while (!run.done() && slices < 100000) {
    run.advance(0.0);  // a zero budget still does one chunk (one image at first)
    ++slices;
  }
  REQUIRE(run.phase() == vp::LivePhase::finished);
  CHECK(slices > 8 * 60);                                        // many slices, not one big loop
  CHECK(run.progress().step == 8 * 6);                           // 8 epochs of 6 batches
  CHECK(run.step_losses().size() == 48u);
  REQUIRE(run.accuracy_curve().size() == 9u);                    // before training and after each epoch
  CHECK(run.accuracy_curve()[0].step == 0);
  CHECK(run.accuracy_curve()[8].step == 48);
  CHECK(run.held_out_accuracy() >= 0.9f);  // 19 of 20 here
  CHECK(run.accuracy_curve()[0].accuracy < run.held_out_accuracy());
  CHECK(run.step_losses().back() < run.step_losses().front());
  CHECK(run.eta_seconds() == 0);
  CHECK(run.longest_slice_seconds() > 0);
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
  run.advance(1.0);  // a finished run does nothing
  CHECK(run.model().head.weight == head);
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
