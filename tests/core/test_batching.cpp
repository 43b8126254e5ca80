// Batches of sequences stacked by rows run as one: the same outputs, input gradients and
// (summed) weight gradients as each sequence on its own.
#include <catch2/catch.hpp>

#include "nn/attention.h"
#include "models/encoder_layer.h"
#include "models/vit.h"
#include "grad_check.h"

using vp::Mat;

namespace {

// sequences stacked by rows: [B*n, d]
Mat stack(const std::vector<Mat>& parts) {
  const Eigen::Index n = parts[0].rows();
  Mat out(static_cast<Eigen::Index>(parts.size()) * n, parts[0].cols());
  for (size_t b = 0; b < parts.size(); ++b) out.middleRows(static_cast<Eigen::Index>(b) * n, n) = parts[b];
  return out;
}

float max_diff(const Mat& a, const Mat& b) { return (a - b).cwiseAbs().maxCoeff(); }

template <class Module>
float max_param_diff(Module a, Module b) {
  std::vector<float> va, vb;
  visit_params(a, "", [&](const vp::ParamRef& p) { va.insert(va.end(), p.data, p.data + p.numel()); });
  visit_params(b, "", [&](const vp::ParamRef& p) { vb.insert(vb.end(), p.data, p.data + p.numel()); });
  float m = 0;
  for (size_t i = 0; i < va.size(); ++i) m = std::max(m, std::abs(va[i] - vb[i]));
  return m;
}

}  // namespace

TEST_CASE("a batch of sequences through an encoder layer equals each sequence alone", "[batch][encoder]") {
  gradcheck::Random rng(5);
  for (bool norm_first : {false, true}) {
    vp::EncoderLayerConfig c{12, 3, 20, vp::Activation::gelu, norm_first, 1e-5f};
    vp::EncoderLayer l = vp::encoder_layer_zeros(c);
    rng.fill(l, 0.4f);
    const int n = 5;
    const Mat mask = vp::causal_mask(n);
    const std::vector<Mat> xs = {rng.mat(n, 12), rng.mat(n, 12), rng.mat(n, 12)};
    const std::vector<Mat> dys = {rng.mat(n, 12), rng.mat(n, 12), rng.mat(n, 12)};

    vp::EncoderLayer alone_grads = vp::zeros_like(l);
    std::vector<Mat> ys, dxs;
    for (size_t b = 0; b < xs.size(); ++b) {
      vp::EncoderLayerCache cache;
      ys.push_back(vp::encoder_layer_forward(l, xs[b], &mask, nullptr, &cache));
      dxs.push_back(vp::encoder_layer_backward(l, cache, dys[b], &alone_grads));
    }
    vp::EncoderLayer batch_grads = vp::zeros_like(l);
    vp::EncoderLayerCache cache;
    const Mat y = vp::encoder_layer_forward(l, stack(xs), 3, &mask, nullptr, &cache);
    const Mat dx = vp::encoder_layer_backward(l, cache, stack(dys), &batch_grads);
    CHECK(max_diff(y, stack(ys)) < 1e-5f);
    CHECK(max_diff(dx, stack(dxs)) < 1e-5f);
    CHECK(max_param_diff(batch_grads, alone_grads) < 1e-4f);
    CHECK(max_param_diff(batch_grads, vp::zeros_like(l)) > 0.1f);  // the gradients are not all zero
  }
}

TEST_CASE("attention does not cross sequences in a batch", "[batch][mha]") {
  gradcheck::Random rng(6);
  vp::MultiHeadAttention m = vp::mha_zeros(8, 2);
  rng.fill(m, 0.5f);
  const Mat a = rng.mat(4, 8), b = rng.mat(4, 8), b2 = rng.mat(4, 8);
  vp::MhaOptions two;
  two.sequences = 2;
  const Mat y = vp::mha_self_forward(m, stack({a, b}), two).output;
  const Mat y2 = vp::mha_self_forward(m, stack({a, b2}), two).output;
  CHECK(max_diff(y.topRows(4), y2.topRows(4)) == 0.0f);  // changing sequence 2 leaves sequence 1 alone
  CHECK(max_diff(y.bottomRows(4), y2.bottomRows(4)) > 0.01f);
  // cross-attention of a batch: sequence b's queries read sequence b's memory only
  const Mat memory = rng.mat(6, 8), memory2 = rng.mat(6, 8);
  const Mat c = vp::mha_cross_forward(m, stack({a, b}), stack({memory.topRows(3), memory.bottomRows(3)}), two).output;
  const Mat c2 = vp::mha_cross_forward(m, stack({a, b}), stack({memory.topRows(3), memory2.bottomRows(3)}), two).output;
  CHECK(max_diff(c.topRows(4), c2.topRows(4)) == 0.0f);
  CHECK(max_diff(c.bottomRows(4), c2.bottomRows(4)) > 0.01f);
  vp::MhaOptions three;
  three.sequences = 3;
  CHECK_THROWS_AS(vp::mha_self_forward(m, a, three), vp::Error);  // 4 rows, 3 sequences
}

TEST_CASE("a batch of images through the ViT equals each image alone", "[batch][vit]") {
  gradcheck::Random rng(7);
  for (vp::VitPooling pooling : {vp::VitPooling::class_token, vp::VitPooling::mean_patches}) {
    vp::VitConfig c;
    c.image_size = 6, c.patch_size = 3, c.channels = 2, c.dim = 8, c.depth = 2, c.heads = 2, c.mlp_dim = 12,
    c.num_classes = 3, c.pooling = pooling;
    vp::Vit v = vp::vit_zeros(c);
    rng.fill(v, 0.5f);
    const std::vector<Mat> images = {rng.mat(12, 6), rng.mat(12, 6), rng.mat(12, 6)};
    const Mat dlogits = rng.mat(3, 3);

    vp::Vit alone_grads = vp::zeros_like(v);
    Mat logits(3, 3);
    std::vector<Mat> dimages;
    for (int b = 0; b < 3; ++b) {
      vp::VitCache cache;
      logits.row(b) = vp::vit_forward(v, images[b], nullptr, &cache);
      dimages.push_back(vp::vit_backward(v, cache, dlogits.row(b), &alone_grads));
    }
    vp::Vit batch_grads = vp::zeros_like(v);
    vp::VitCache cache;
    const Mat batch_logits = vp::vit_forward(v, stack(images), nullptr, &cache);
    REQUIRE(batch_logits.rows() == 3);
    CHECK(max_diff(batch_logits, logits) < 1e-5f);
    CHECK(max_diff(vp::vit_backward(v, cache, dlogits, &batch_grads), stack(dimages)) < 1e-5f);
    CHECK(max_param_diff(batch_grads, alone_grads) < 1e-4f);
    CHECK(max_param_diff(batch_grads, vp::zeros_like(v)) > 0.1f);
  }
  vp::Vit v = vp::vit_zeros({});
  CHECK_THROWS_AS(vp::vit_forward(v, Mat::Zero(28 * 2 + 1, 28)), vp::Error);  // not a whole number of images
}
