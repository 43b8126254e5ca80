// The loop both trainers share: epochs of shuffled mini-batches, the step when a batch is
// complete (clipping, schedule, AdamW), and the rollback on a NaN loss.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "nn/linear.h"
#include "train/training_loop.h"

namespace {

vp::TrainingHyperParameters hyper(int epochs, int batch) {
  vp::TrainingHyperParameters h;
  h.epochs = epochs;
  h.batch_size = batch;
  h.warmup_epochs = 0;
  return h;
}

vp::Linear start() {
  vp::Linear l = vp::linear_zeros(2, 3);
  l.weight.setConstant(0.5f);
  return l;
}

}  // namespace

TEST_CASE("training loop: every epoch is a shuffle of all examples, batches of batch_size", "[train][loop]") {
  vp::TrainingLoop<vp::Linear> loop(start(), hyper(2, 4), {}, 10, 3);
  CHECK(loop.progress().total_steps == 2 * 3);  // ceil(10 / 4) steps per epoch
  std::vector<int> epoch;
  std::vector<size_t> batch_sizes;
  while (!loop.finished()) {
    const auto batch = loop.take(100);  // never more than the batch in progress
    REQUIRE(batch.count > 0);
    batch_sizes.push_back(batch.count);
    CHECK(batch.loss_scale == Approx(1.0f / static_cast<float>(batch.count)));
    epoch.insert(epoch.end(), batch.index, batch.index + batch.count);
    loop.grads().bias.setConstant(1.0f);
    loop.done(batch.count, 0.5 * static_cast<double>(batch.count));
    if (epoch.size() == 10) {
      std::vector<int> sorted = epoch;
      std::sort(sorted.begin(), sorted.end());
      std::vector<int> all(10);
      std::iota(all.begin(), all.end(), 0);
      CHECK(sorted == all);
      CHECK(epoch != all);  // shuffled
      epoch.clear();
    }
  }
  CHECK(batch_sizes == std::vector<size_t>{4, 4, 2, 4, 4, 2});
  CHECK(loop.progress().epoch == 2);
  CHECK(loop.progress().images == 20);
  CHECK(loop.progress().loss == Approx(0.5f));
  CHECK(loop.model().bias.maxCoeff() < 0.0f);  // AdamW followed the gradient
  CHECK(loop.take(4).count == 0);
}

TEST_CASE("training loop: a batch split over calls gives the batch in one", "[train][loop]") {
  vp::TrainingLoop<vp::Linear> whole(start(), hyper(1, 4), {}, 10, 9), split(start(), hyper(1, 4), {}, 10, 9);
  while (!whole.finished()) {
    const auto b = whole.take(4);
    std::vector<int> one_by_one;
    for (size_t k = 0; k < b.count; ++k) {
      const auto s = split.take(1);
      REQUIRE(s.count == 1);
      CHECK(s.loss_scale == b.loss_scale);
      one_by_one.push_back(*s.index);
      split.grads().weight.array() += 0.25f;
      split.done(1, 1.0);
      CHECK(split.progress().step == whole.progress().step + (k + 1 == b.count));
    }
    CHECK(one_by_one == std::vector<int>(b.index, b.index + b.count));
    whole.grads().weight.array() += 0.25f * static_cast<float>(b.count);
    whole.done(b.count, static_cast<double>(b.count));
  }
  CHECK(split.finished());
  CHECK(split.model().weight == whole.model().weight);
}

TEST_CASE("training loop: a NaN gradient stops training and restores the weights before the last update",
          "[train][loop]") {
  vp::TrainingLoop<vp::Linear> loop(start(), hyper(3, 5), {}, 10, 1);
  auto b = loop.take(5);
  loop.grads().weight.setConstant(1.0f);
  loop.done(b.count, 1.0);
  CHECK(loop.model().weight != start().weight);
  CHECK(loop.progress().step == 1);
  b = loop.take(5);
  loop.grads().weight.setConstant(std::nanf(""));
  loop.done(b.count, 1.0);
  CHECK(loop.progress().diverged);
  CHECK(loop.finished());
  CHECK(loop.progress().step == 1);
  // the weights that gave the NaN came from the last update: back to the ones before it
  CHECK(loop.model().weight == start().weight);
  CHECK(loop.take(5).count == 0);
}

TEST_CASE("training loop: clipping and the learning-rate schedule", "[train][loop]") {
  vp::TrainingHyperParameters h = hyper(1, 2);
  h.clip_norm = 1.0f;
  vp::TrainingLoop<vp::Linear> loop(start(), h, {}, 4, 1);
  const auto b = loop.take(2);
  loop.grads().weight.setConstant(10.0f);  // ||g|| = 10 sqrt(6): clipped to 1
  loop.done(b.count, 2.0);
  CHECK(loop.grads().weight.norm() == Approx(1.0f));
  CHECK(loop.progress().lr == Approx(h.lr));  // no warm-up: the peak first, then the cosine
  CHECK(loop.progress().loss == Approx(1.0f));
}

TEST_CASE("training loop: bad hyper-parameters and no examples are refused", "[train][loop]") {
  vp::TrainingHyperParameters h = hyper(1, 2);
  h.lr = std::nanf("");
  CHECK_THROWS_WITH(vp::TrainingLoop<vp::Linear>(start(), h, {}, 4, 1), Catch::Contains("learning rate"));
  CHECK_THROWS_WITH(vp::TrainingLoop<vp::Linear>(start(), hyper(1, 2), {}, 0, 1), Catch::Contains("empty"));
}
