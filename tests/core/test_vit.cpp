// The ViT against torchvision's VisionTransformer, and its backward pass.
#include <catch2/catch.hpp>

#include "models/vit.h"
#include "grad_check.h"

using gradcheck::Fixture;
using vp::Mat;

namespace {
vp::VitConfig config_of(const Fixture& f) {
  vp::VitConfig c;
  c.image_size = static_cast<int>(f.number("image_size"));
  c.patch_size = static_cast<int>(f.number("patch_size"));
  c.channels = static_cast<int>(f.number("channels"));
  c.dim = static_cast<int>(f.number("hidden_dim"));
  c.depth = static_cast<int>(f.number("num_layers"));
  c.heads = static_cast<int>(f.number("num_heads"));
  c.mlp_dim = static_cast<int>(f.number("mlp_dim"));
  c.num_classes = static_cast<int>(f.number("num_classes"));
  c.eps = f.number("eps");
  return c;
}
}  // namespace

TEST_CASE("patches are the convolution's receptive fields", "[vit][patches]") {
  // 2 channels of 4 x 6 pixels, numbered c*100 + row*10 + col; patches of 2 x 2
  Mat image(8, 6);
  for (int c = 0; c < 2; ++c)
    for (int r = 0; r < 4; ++r)
      for (int col = 0; col < 6; ++col) image(c * 4 + r, col) = float(c * 100 + r * 10 + col);
  const Mat patches = vp::image_to_patches(image, 2, 2);  // [2*3, 2*2*2]
  REQUIRE(patches.rows() == 6);
  REQUIRE(patches.cols() == 8);
  // patch (1, 2): rows 2..3, columns 4..5; channel 0 then channel 1, row by row
  CHECK(patches.row(5) == vp::from_rows({{24, 25, 34, 35, 124, 125, 134, 135}}));
  CHECK(vp::patches_to_image(patches, 2, 4, 6, 2) == image);
  CHECK_THROWS_AS(vp::image_to_patches(image, 2, 4), vp::Error);  // 4 x 6 is not made of 4 x 4 patches
  CHECK_THROWS_AS(vp::image_to_patches(image, 3, 2), vp::Error);  // 8 rows are not 3 channels
}

TEST_CASE("a bad ViT config is a vp::Error", "[vit]") {
  vp::VitConfig c;
  c.patch_size = 5;  // 28 is not a multiple
  CHECK_THROWS_AS(vp::vit_zeros(c), vp::Error);
  c = {};
  c.heads = 3;  // 64 is not a multiple
  CHECK_THROWS_AS(vp::vit_zeros(c), vp::Error);
  c = {};
  c.depth = 0;
  CHECK_THROWS_AS(vp::vit_zeros(c), vp::Error);
  const vp::Vit v = vp::vit_zeros({});
  CHECK_THROWS_AS(vp::vit_forward(v, Mat::Zero(27, 28)), vp::Error);
}

TEST_CASE("ViT backward against finite differences", "[vit][grad]") {
  gradcheck::Random rng(11);
  vp::VitConfig c;
  c.image_size = 6, c.patch_size = 3, c.channels = 2, c.dim = 8, c.depth = 2, c.heads = 2, c.mlp_dim = 12,
  c.num_classes = 3;
  vp::Vit v = vp::vit_zeros(c);
  rng.fill(v, 0.5f);
  Mat image = rng.mat(12, 6), g = rng.mat(1, 3);
  gradcheck::check_layer_fd<vp::VitCache>(
      v, image, g,
      [](const vp::Vit& m, const Mat& x, vp::VitCache* cache) { return vp::vit_forward(m, x, nullptr, cache); },
      vp::vit_backward);
}

TEST_CASE("ViT matches torchvision: logits and every gradient", "[vit][torchvision]") {
  for (const char* name : {"vit_28_p7_c1", "vit_20_p5_c3"}) {
    SECTION(name) {
      Fixture f(name);
      vp::Vit v = vp::vit_zeros(config_of(f));
      gradcheck::load_params(v, f);
      // every weight in the file is one the ViT visits: the name lists agree both ways
      size_t visited = 0;
      visit_params(v, "", [&](const vp::ParamRef&) { ++visited; });
      CHECK(visited == (f.tensors.size() - 4) / 2);  // minus x, x.grad, y, y.grad; each weight has a .grad

      vp::Trace trace;
      vp::VitCache cache;
      const Mat logits = vp::vit_forward(v, f.mat("x"), &trace, &cache);
      gradcheck::check_close(logits, f, "y", 1e-3);
      const Mat expected = f.mat("y");
      CHECK((logits - expected).cwiseAbs().maxCoeff() <= 1e-3f);  // the absolute bound

      const auto& c = v.config;
      const vp::TraceMatrix* patches = trace.find_matrix("patches");
      REQUIRE(patches);
      CHECK(patches->value.rows() == c.num_patches());
      CHECK(patches->value.cols() == c.channels * c.patch_size * c.patch_size);
      const vp::TraceMatrix* z0 = trace.find_matrix("z_0");
      REQUIRE(z0);
      CHECK(z0->value.rows() == c.num_patches() + 1);
      const vp::TraceStep* attention =
          trace.find_step("encoder.layers.encoder_layer_" + std::to_string(c.depth - 1) + ".self_attn.head1.softmax");
      REQUIRE(attention);
      CHECK(attention->outputs[0].value.rows() == c.num_patches() + 1);

      vp::Vit grad = vp::zeros_like(v);
      const Mat dimage = vp::vit_backward(v, cache, f.mat("y.grad"), &grad);
      gradcheck::check_close(dimage, f, "x.grad", 1e-3);
      gradcheck::check_param_grads(grad, f, 1e-3);
    }
  }
}
