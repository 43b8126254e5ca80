// The thread pool (nn/parallel.h) and what runs on it: every task exactly once, nested loops
// inline, a task's exception in the caller; the split matrix products, attention, the ViT
// forward and training the same on 1 and 2 threads up to float rounding. Under node (no threads
// in the WebAssembly build) set_threads stays at 1 and the pairs compare a serial run with itself.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "models/vit.h"
#include "nn/attention.h"
#include "nn/gemm.h"
#include "nn/multihead_attention.h"
#include "nn/parallel.h"
#include "nn/random_init.h"
#include "train/vit_training.h"
#include "toy_images.h"

using vp::Mat;

namespace {

// Sets the thread count for one test and goes back to one thread after it, whatever happens.
struct Threads {
  explicit Threads(int n) { vp::set_threads(n); }
  ~Threads() { vp::set_threads(1); }
};

// max |a - b| within tolerance times the larger of 1 and max |a|
bool close(const Mat& a, const Mat& b, float tolerance) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         (a - b).cwiseAbs().maxCoeff() <= tolerance * std::max(1.0f, a.cwiseAbs().maxCoeff());
}

}  // namespace

TEST_CASE("parallel_for runs every task exactly once", "[parallel]") {
  const Threads threads(2);
  for (const int tasks : {0, 1, 2, 3, 1000}) {
    std::vector<std::atomic<int>> runs(static_cast<size_t>(tasks));
    vp::parallel_for(tasks, [&](int i) { ++runs[static_cast<size_t>(i)]; });
    for (const auto& r : runs) CHECK(r == 1);
  }
}

TEST_CASE("parallel_for inside a task runs inline, in order, on the task's thread", "[parallel]") {
  const Threads threads(2);
  std::vector<std::vector<int>> order(4);
  std::vector<bool> same_thread(4, false);
  std::vector<int> available(4, 0);
  vp::parallel_for(4, [&](int task) {
    const std::thread::id outer = std::this_thread::get_id();
    bool same = true;
    available[static_cast<size_t>(task)] = vp::available_threads();
    vp::parallel_for(5, [&](int i) {
      order[static_cast<size_t>(task)].push_back(i);
      same = same && std::this_thread::get_id() == outer;
    });
    same_thread[static_cast<size_t>(task)] = same;
  });
  for (int task = 0; task < 4; ++task) {
    CHECK(order[static_cast<size_t>(task)] == std::vector<int>{0, 1, 2, 3, 4});
    CHECK(same_thread[static_cast<size_t>(task)]);
    CHECK(available[static_cast<size_t>(task)] == 1);
  }
}

TEST_CASE("parallel_for rethrows the lowest-numbered task's exception, and the pool goes on", "[parallel]") {
  const Threads threads(2);
  CHECK_THROWS_WITH(vp::parallel_for(16,
                                     [](int i) {
                                       if (i == 5 || i == 11) throw vp::Error("task " + std::to_string(i));
                                     }),
                    "task 5");
  std::atomic<int> sum{0};
  vp::parallel_for(8, [&](int i) { sum += i; });
  CHECK(sum == 28);
}

TEST_CASE("set_threads: 0 is one per core, large counts are capped, negative ones refused", "[parallel][errors]") {
  const Threads threads(0);
  CHECK(vp::threads() >= 1);
  vp::set_threads(1000);
  CHECK(vp::threads() <= vp::kMaxThreads);
  CHECK_THROWS_WITH(vp::set_threads(-1), Catch::Contains("got -1"));
  vp::set_threads(1);
  CHECK(vp::threads() == 1);
  CHECK(vp::available_threads() == 1);
}

TEST_CASE("matrix products split over 2 threads equal the unsplit ones", "[parallel][gemm]") {
  // 197 tokens (not a multiple of the 16-wide blocks) by ViT-Ti's sizes, split by rows and by
  // columns, and blocks of bigger matrices (row strides other than their widths)
  const Mat x = vp::random_uniform(197, 192, -1, 1, 1), w = vp::random_uniform(576, 192, -1, 1, 2);
  const Mat wide = vp::random_uniform(200, 300, -1, 1, 3), grad = vp::random_uniform(197, 576, -1, 1, 4);
  const vp::Vec bias = vp::random_uniform(1, 576, -1, 1, 5);
  auto products = [&] {
    std::vector<Mat> r;
    r.push_back(vp::matmul_transposed(x, w));                                         // [197, 576]
    r.push_back(vp::matmul_transposed_plus_bias(x, w, bias));                         // [197, 576]
    r.push_back(vp::matmul(grad, w));                                                 // [197, 192]
    r.push_back(vp::matmul_transposed_a(grad, x));                                    // [576, 192]
    r.push_back(vp::matmul(wide.block(1, 2, 197, 192), wide.block(3, 5, 192, 250)));  // [197, 250]
    Mat accumulated = Mat::Ones(576, 192);
    vp::add_matmul_transposed_a(grad, x, accumulated);  // [576, 192]
    r.push_back(accumulated);
    return r;
  };
  std::vector<Mat> one, two;
  {
    const Threads threads(1);
    one = products();
  }
  {
    const Threads threads(2);
    two = products();
  }
  for (size_t i = 0; i < one.size(); ++i) {
    INFO("product " << i);
    CHECK(close(one[i], two[i], 1e-6f));
  }
}

TEST_CASE("masked self-attention gives the same output and weights on 1 and 2 threads", "[parallel][mha]") {
  // 160 queries in 2 heads: enough work for the heads' queries to be split over the threads
  vp::MultiHeadAttention m = vp::mha_zeros(64, 2);
  m.in_proj_weight = vp::random_uniform(192, 64, -0.3f, 0.3f, 1);
  m.out_proj.weight = vp::random_uniform(64, 64, -0.3f, 0.3f, 2);
  const Mat x = vp::random_uniform(160, 64, -1, 1, 3), mask = vp::causal_mask(160);
  vp::MhaOptions o;
  o.mask = &mask;
  vp::MhaResult one, two;
  {
    const Threads threads(1);
    one = vp::mha_self_forward(m, x, o);
  }
  {
    const Threads threads(2);
    two = vp::mha_self_forward(m, x, o);
  }
  CHECK(close(one.output, two.output, 1e-6f));
  REQUIRE(two.weights.size() == 2);
  for (size_t i = 0; i < 2; ++i) CHECK(close(one.weights[i], two.weights[i], 1e-6f));
}

TEST_CASE("the ViT forward gives the same logits on 1 and 2 threads", "[parallel][vit]") {
  vp::VitConfig c{224, 16, 3, 192, 2, 3, 768, 10, 1e-6f};  // ViT-Ti's sizes, 2 layers
  vp::Vit model = vp::vit_zeros(c);
  vp::vit_init(model, 1);
  const Mat image = vp::random_uniform(3 * 224, 224, -1, 1, 7);  // [C*H, W]
  Mat one, two;
  {
    const Threads threads(1);
    one = vp::vit_forward(model, image);
  }
  {
    const Threads threads(2);
    two = vp::vit_forward(model, image);
  }
  CHECK(close(one, two, 1e-5f));
}

TEST_CASE("training on 1 and 2 threads gives the same losses, each thread count deterministic", "[parallel][training]") {
  vp::VitTrainConfig c;
  c.model = {8, 4, 1, 16, 1, 2, 32, 2, 1e-6f};
  c.epochs = 2;
  c.batch_size = 64;  // 4 chunks of 16: two per thread on 2 threads
  c.lr = 3e-3f;       // the default augmentation stays on: its draws must not depend on threads
  const vp::ImageDataset train = bright_half_images(200, 1, BrightHalf::top_or_bottom, 180, 60);
  auto losses = [&](int n) {
    const Threads threads(n);
    vp::VitTrainer trainer(c, train);
    std::vector<float> r;
    for (int step = 0; step < 8; ++step) {  // 200 images: batches of 64, 64, 64 and 8 per epoch
      trainer.run(1);
      r.push_back(trainer.progress().loss);
    }
    r.push_back(static_cast<float>(vp::count_correct(trainer.model(), train, 0, train.size())));
    return r;
  };
  const std::vector<float> one = losses(1), two = losses(2), two_again = losses(2);
  REQUIRE(one.size() == 9);  // 8 steps' losses, then the count of correctly classified images
  CHECK(two == two_again);
  for (size_t i = 0; i + 1 < one.size(); ++i) {
    INFO("step " << i + 1);
    CHECK(two[i] == Approx(one[i]).epsilon(1e-4));
  }
  CHECK(std::abs(two.back() - one.back()) <= 2);  // images at the decision boundary may flip
}
