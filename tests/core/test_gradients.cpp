// Every backward pass against finite differences and against PyTorch autograd.
#include <catch2/catch.hpp>

#include "nn/attention.h"
#include "nn/cross_entropy.h"
#include "models/decoder_layer.h"
#include "nn/embedding.h"
#include "nn/softmax.h"
#include "grad_check.h"

using gradcheck::check_close;
using gradcheck::check_finite_differences;
using gradcheck::check_layer_fd;
using gradcheck::check_layer_parity;
using gradcheck::check_param_grads;
using gradcheck::dot;
using gradcheck::Fixture;
using gradcheck::input;
using gradcheck::params_of;
using vp::Mat;

namespace {
constexpr double kLayerTol = 1e-4;  // PyTorch parity, per tensor: relative to its largest entry

template <class T>
std::vector<T> concat(std::vector<T> a, const std::vector<T>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

vp::EncoderLayerConfig layer_config(const Fixture& f, int d, int d_ff) {
  return {d, static_cast<int>(f.number("heads")), d_ff, vp::parse_activation(f.metadata.at("activation")),
          f.number("norm_first") != 0, f.number("eps")};
}

// The forward passes in the shape the layer helpers take: (layer, x, cache*) -> y
Mat linear_with_input(const vp::Linear& l, const Mat& x, Mat* input_cache) {
  if (input_cache) *input_cache = x;  // linear_backward needs only the input
  return vp::linear_forward(l, x);
}
Mat layernorm_with_cache(const vp::LayerNorm& ln, const Mat& x, vp::LayerNormCache* cache) {
  return vp::layernorm_forward(ln, x, cache);
}
Mat feed_forward_with_cache(const vp::FeedForward& ff, const Mat& x, vp::FeedForwardCache* cache) {
  return vp::feed_forward(ff, x, nullptr, cache);
}
Mat encoder_layer_with_cache(const vp::EncoderLayer& l, const Mat& x, vp::EncoderLayerCache* cache) {
  return vp::encoder_layer_forward(l, x, nullptr, nullptr, cache);
}
}  // namespace

TEST_CASE("linear backward", "[grad][linear]") {
  gradcheck::Random rng(1);
  vp::Linear layer{rng.mat(5, 4), rng.mat(1, 5)};
  Mat x = rng.mat(3, 4), g = rng.mat(3, 5);
  check_layer_fd<Mat>(layer, x, g, linear_with_input, vp::linear_backward);
  check_layer_parity<Mat>("linear", vp::linear_zeros(4, 5), linear_with_input, vp::linear_backward, kLayerTol);

  SECTION("accumulates into the gradient") {
    vp::Linear once = vp::zeros_like(layer), twice = vp::zeros_like(layer);
    vp::linear_backward(layer, x, g, &once);
    vp::linear_backward(layer, x, g, &twice);
    vp::linear_backward(layer, x, g, &twice);
    CHECK(twice.weight.isApprox(2 * once.weight));
  }
}

TEST_CASE("layernorm backward", "[grad][layernorm]") {
  gradcheck::Random rng(2);
  vp::LayerNorm ln = vp::layernorm_identity(6);
  rng.fill(ln, 1.0f);
  Mat x = rng.mat(4, 6, 2.0f), g = rng.mat(4, 6);
  vp::LayerNormCache cache;
  CHECK(vp::layernorm_forward(ln, x, &cache) == vp::layernorm_forward(ln, x));  // the cached forward is the forward
  check_layer_fd<vp::LayerNormCache>(ln, x, g, layernorm_with_cache, vp::layernorm_backward);
  check_layer_parity<vp::LayerNormCache>("layernorm", vp::layernorm_identity(6, Fixture("layernorm").number("eps")),
                                         layernorm_with_cache, vp::layernorm_backward, kLayerTol);
}

TEST_CASE("softmax and activation backward", "[grad][softmax][activations]") {
  gradcheck::Random rng(3);
  Mat x = rng.mat(3, 5, 3.0f), g = rng.mat(3, 5);
  x(1, 2) = -std::numeric_limits<float>::infinity();  // a masked entry: no gradient
  Mat dx = vp::softmax_rows_backward(vp::softmax_rows(x), g);
  CHECK(dx(1, 2) == 0.0f);
  check_finite_differences({input("softmax x", x, dx)}, [&] { return dot(vp::softmax_rows(x), g); });

  for (auto a : {vp::Activation::relu, vp::Activation::gelu}) {
    Mat z = rng.mat(4, 6, 3.0f), gz = rng.mat(4, 6);
    const Mat dz = vp::activate_backward(a, z, gz);
    check_finite_differences({input(vp::activation_name(a), z, dz)}, [&] { return dot(vp::activate(a, z), gz); });
  }
}

TEST_CASE("attention backward with a causal mask", "[grad][attention]") {
  gradcheck::Random rng(4);
  Mat Q = rng.mat(4, 8), K = rng.mat(4, 8), V = rng.mat(4, 6), g = rng.mat(4, 6);
  const Mat mask = vp::causal_mask(4);
  const vp::AttentionOptions options{true, &mask};
  const vp::AttentionResult r = vp::attention_forward(Q, K, V, options);
  const vp::AttentionGrads d = vp::attention_backward(Q, K, V, r.weights, true, g);
  auto loss = [&] { return dot(vp::attention_forward(Q, K, V, options).output, g); };
  check_finite_differences({input("Q", Q, d.Q), input("K", K, d.K), input("V", V, d.V)}, loss);
  // key 3 is hidden from queries 0..2: it gets gradient from query 3 only
  CHECK(d.V.row(3).isApprox(r.weights(3, 3) * g.row(3)));

  SECTION("matches PyTorch") {
    Fixture f("attention_causal");
    const Mat m = vp::additive_mask_from_bool(f.mat("mask"));
    const vp::AttentionResult fr = vp::attention_forward(f.mat("Q"), f.mat("K"), f.mat("V"), {true, &m});
    check_close(fr.output, f, "y", kLayerTol);
    const vp::AttentionGrads fd = vp::attention_backward(f.mat("Q"), f.mat("K"), f.mat("V"), fr.weights, true,
                                                         f.mat("y.grad"));
    check_close(fd.Q, f, "Q.grad", kLayerTol);
    check_close(fd.K, f, "K.grad", kLayerTol);
    check_close(fd.V, f, "V.grad", kLayerTol);
  }
}

TEST_CASE("multi-head attention backward, self and cross", "[grad][mha]") {
  gradcheck::Random rng(5);
  vp::MultiHeadAttention m = vp::mha_zeros(8, 2);
  rng.fill(m, 0.5f);
  Mat x = rng.mat(4, 8), memory = rng.mat(6, 8), g = rng.mat(4, 8);
  Mat blocked = Mat::Zero(4, 6);
  blocked.col(5).setOnes();
  const Mat mask = vp::additive_mask_from_bool(blocked);
  vp::MhaCache cache;
  vp::MhaOptions o;
  o.mask = &mask, o.cache = &cache;
  vp::mha_cross_forward(m, x, memory, o);
  vp::MultiHeadAttention grad = vp::zeros_like(m);
  const vp::MhaInputGrads d = vp::mha_cross_backward(m, cache, g, &grad);
  CHECK(d.key_value_in.row(5).isZero());  // the padded memory position
  o.cache = nullptr;
  auto loss = [&] { return dot(vp::mha_cross_forward(m, x, memory, o).output, g); };
  check_finite_differences(
      concat(params_of(m, grad), {input("x", x, d.query_in), input("memory", memory, d.key_value_in)}), loss);


  for (const char* name : {"mha_self_causal", "mha_cross_padding"}) {
    SECTION(std::string("matches PyTorch: ") + name) {
      Fixture f(name);
      vp::MultiHeadAttention fm = vp::mha_zeros(8, static_cast<int>(f.number("heads")));
      gradcheck::load_params(fm, f);
      const bool self = f.tensors.count("memory") == 0;
      const Mat fx = f.mat("x");
      const Mat fmask = vp::additive_mask_from_bool(f.mat("mask"));
      vp::MhaOptions fo;
      fo.mask = &fmask, fo.cache = &cache;
      vp::MultiHeadAttention fgrad = vp::zeros_like(fm);
      if (self) {
        check_close(vp::mha_self_forward(fm, fx, fo).output, f, "y", kLayerTol);
        check_close(vp::mha_self_backward(fm, cache, f.mat("y.grad"), &fgrad), f, "x.grad", kLayerTol);
      } else {
        check_close(vp::mha_cross_forward(fm, fx, f.mat("memory"), fo).output, f, "y", kLayerTol);
        const vp::MhaInputGrads fd = vp::mha_cross_backward(fm, cache, f.mat("y.grad"), &fgrad);
        check_close(fd.query_in, f, "x.grad", kLayerTol);
        check_close(fd.key_value_in, f, "memory.grad", kLayerTol);
      }
      check_param_grads(fgrad, f, kLayerTol);
    }
  }
}

TEST_CASE("multi-head self-attention backward: the input is the queries and the keys/values", "[grad][mha]") {
  gradcheck::Random rng(15);
  vp::MultiHeadAttention m = vp::mha_zeros(8, 2);
  rng.fill(m, 0.5f);
  Mat x = rng.mat(4, 8), g = rng.mat(4, 8);
  const Mat causal = vp::causal_mask(4);
  vp::MhaCache cache;
  vp::MhaOptions o;
  o.mask = &causal, o.cache = &cache;
  vp::mha_self_forward(m, x, o);
  vp::MultiHeadAttention grad = vp::zeros_like(m);
  const Mat dx = vp::mha_self_backward(m, cache, g, &grad);
  CHECK(dx.rows() == 4);
  CHECK(dx.cols() == 8);
  // a cache of one kind is refused by the other kind's backward
  vp::MultiHeadAttention unused = vp::zeros_like(m);
  CHECK_THROWS_AS(vp::mha_cross_backward(m, cache, g, &unused), vp::Error);
  o.cache = nullptr;
  auto loss = [&] { return dot(vp::mha_self_forward(m, x, o).output, g); };
  check_finite_differences(concat(params_of(m, grad), {input("x", x, dx)}), loss);
}

TEST_CASE("multi-head attention: self-attention of x is cross-attention of x over a copy of x", "[grad][mha]") {
  auto max_abs_diff = [](const Mat& a, const Mat& b) { return (a - b).cwiseAbs().maxCoeff(); };
  gradcheck::Random rng(16);
  vp::MultiHeadAttention m = vp::mha_zeros(8, 2);
  rng.fill(m, 0.5f);
  const Mat x = rng.mat(5, 8), g = rng.mat(5, 8), copy = x;
  const Mat causal = vp::causal_mask(5);
  vp::MhaCache self_cache, cross_cache;
  vp::MhaOptions o;
  o.mask = &causal, o.cache = &self_cache;
  const vp::MhaResult self = vp::mha_self_forward(m, x, o);
  o.cache = &cross_cache;
  const vp::MhaResult cross = vp::mha_cross_forward(m, x, copy, o);
  // the same matrix passed twice is cross-attention too: the kind is what the caller names
  const vp::MhaResult twice = vp::mha_cross_forward(m, x, x, o);
  CHECK(self_cache.self_attention);
  CHECK_FALSE(cross_cache.self_attention);
  CHECK(max_abs_diff(self.output, cross.output) < 1e-5f);
  CHECK(max_abs_diff(twice.output, cross.output) == 0.0f);
  for (size_t i = 0; i < self.weights.size(); ++i) CHECK(max_abs_diff(self.weights[i], cross.weights[i]) < 1e-5f);
  // backward: the self-attention input's gradient is the sum of cross-attention's two
  vp::MultiHeadAttention self_grad = vp::zeros_like(m), cross_grad = vp::zeros_like(m);
  const Mat dx = vp::mha_self_backward(m, self_cache, g, &self_grad);
  const vp::MhaInputGrads d = vp::mha_cross_backward(m, cross_cache, g, &cross_grad);
  CHECK(max_abs_diff(dx, d.query_in + d.key_value_in) < 1e-5f);
  CHECK(max_abs_diff(self_grad.in_proj_weight, cross_grad.in_proj_weight) < 1e-5f);
  CHECK(max_abs_diff(self_grad.out_proj.weight, cross_grad.out_proj.weight) < 1e-5f);
}

TEST_CASE("feed-forward backward", "[grad][ffn]") {
  gradcheck::Random rng(20);
  for (auto a : {vp::Activation::relu, vp::Activation::gelu}) {
    vp::FeedForward ff = vp::feed_forward_zeros(6, 10, a);
    rng.fill(ff, 0.5f);
    Mat x = rng.mat(3, 6), g = rng.mat(3, 6);
    INFO(vp::activation_name(a));
    // a step of h that carries a ReLU input across 0 (where the slope jumps) would make the
    // difference quotient meaningless: the seed is one whose inputs stay clear of 0
    vp::FeedForwardCache cache;
    feed_forward_with_cache(ff, x, &cache);
    if (a == vp::Activation::relu) REQUIRE((cache.pre.array().abs() > 0.02f).all());
    check_layer_fd<vp::FeedForwardCache>(ff, x, g, feed_forward_with_cache, vp::feed_forward_backward);
  }
}

TEST_CASE("encoder layer backward, post-norm and pre-norm", "[grad][encoder]") {
  gradcheck::Random rng(7);
  for (bool norm_first : {false, true}) {
    vp::EncoderLayer l = vp::encoder_layer_zeros({8, 2, 12, vp::Activation::gelu, norm_first, 1e-5f});
    rng.fill(l, 0.5f);
    Mat x = rng.mat(5, 8), g = rng.mat(5, 8);
    const Mat mask = vp::padding_mask(5, {true, true, true, false, true});
    INFO("norm_first " << norm_first);
    check_layer_fd<vp::EncoderLayerCache>(
        l, x, g,
        [&](const vp::EncoderLayer& m, const Mat& in, vp::EncoderLayerCache* cache) {
          return vp::encoder_layer_forward(m, in, &mask, nullptr, cache);
        },
        vp::encoder_layer_backward);
  }

  for (const char* name : {"encoder_layer_post_relu", "encoder_layer_post_gelu", "encoder_layer_pre_relu",
                           "encoder_layer_pre_gelu"}) {
    INFO(name);
    check_layer_parity<vp::EncoderLayerCache>(name, vp::encoder_layer_zeros(layer_config(Fixture(name), 8, 16)),
                                              encoder_layer_with_cache, vp::encoder_layer_backward, kLayerTol);
  }
}

TEST_CASE("decoder layer backward, post-norm and pre-norm", "[grad][decoder]") {
  gradcheck::Random rng(8);
  for (bool norm_first : {false, true}) {
    vp::DecoderLayer l = vp::decoder_layer_zeros({8, 2, 12, vp::Activation::relu, norm_first, 1e-5f});
    rng.fill(l, 0.5f);
    Mat x = rng.mat(4, 8), memory = rng.mat(5, 8), g = rng.mat(4, 8);
    const Mat mask = vp::causal_mask(4);
    vp::DecoderLayerCache cache;
    vp::decoder_layer_forward(l, x, memory, &mask, nullptr, nullptr, &cache);
    vp::DecoderLayer grad = vp::zeros_like(l);
    const vp::DecoderLayerInputGrads d = vp::decoder_layer_backward(l, cache, g, &grad);
    INFO("norm_first " << norm_first);
    check_finite_differences(
        concat(params_of(l, grad), {input("x", x, d.x), input("memory", memory, d.memory)}),
        [&] { return dot(vp::decoder_layer_forward(l, x, memory, &mask).output, g); });
  }

  for (const char* name : {"decoder_layer_post_relu", "decoder_layer_post_gelu", "decoder_layer_pre_relu",
                           "decoder_layer_pre_gelu"}) {
    SECTION(std::string("matches PyTorch: ") + name) {
      Fixture f(name);
      vp::DecoderLayer l = vp::decoder_layer_zeros(layer_config(f, 8, 16));
      gradcheck::load_params(l, f);
      const Mat mask = vp::additive_mask_from_bool(f.mat("mask"));
      vp::DecoderLayerCache cache;
      check_close(vp::decoder_layer_forward(l, f.mat("x"), f.mat("memory"), &mask, nullptr, nullptr, &cache).output,
                  f, "y", kLayerTol);
      vp::DecoderLayer grad = vp::zeros_like(l);
      const vp::DecoderLayerInputGrads d = vp::decoder_layer_backward(l, cache, f.mat("y.grad"), &grad);
      check_close(d.x, f, "x.grad", kLayerTol);
      check_close(d.memory, f, "memory.grad", kLayerTol);
      check_param_grads(grad, f, kLayerTol);
    }
  }
}

TEST_CASE("cross-entropy backward, with label smoothing and an ignored row", "[grad][cross_entropy]") {
  gradcheck::Random rng(9);
  Mat logits = rng.mat(5, 4, 3.0f);
  const std::vector<int> targets{0, 3, -100, 1, 3};
  const vp::CrossEntropyOptions options{0.2f, -100};
  vp::CrossEntropyCache cache;
  vp::cross_entropy_forward(logits, targets, options, &cache);
  const Mat dlogits = vp::cross_entropy_backward(cache, options);
  CHECK(dlogits.row(2).isZero());
  check_finite_differences({input("logits", logits, dlogits)},
                           [&] { return vp::cross_entropy_forward(logits, targets, options); });

  CHECK_THROWS_AS(vp::cross_entropy_forward(logits, {0, 1, 2, 3, 4}, options), vp::Error);
  CHECK_THROWS_AS(vp::cross_entropy_forward(logits, {0, 1}, options), vp::Error);
  CHECK_THROWS_AS(vp::cross_entropy_forward(logits, targets, {1.5f, -100}), vp::Error);

  for (const char* name : {"cross_entropy_smoothing_0", "cross_entropy_smoothing_0.1"}) {
    SECTION(std::string("matches PyTorch: ") + name) {
      Fixture f(name);
      const Mat t = f.mat("targets");
      std::vector<int> ft;
      for (long i = 0; i < t.size(); ++i) ft.push_back(static_cast<int>(t.data()[i]));
      const vp::CrossEntropyOptions fo{f.number("label_smoothing"), -100};
      const float y = vp::cross_entropy_forward(f.mat("x"), ft, fo, &cache);
      check_close(Mat::Constant(1, 1, y), f, "y", kLayerTol);
      check_close(vp::cross_entropy_backward(cache, fo, f.mat("y.grad")(0, 0)), f, "x.grad", kLayerTol);
    }
  }
}

TEST_CASE("embedding backward gathers repeated ids", "[grad][embedding]") {
  gradcheck::Random rng(10);
  vp::Embedding e{rng.mat(5, 3)};
  const std::vector<int> ids{4, 1, 4, 0};
  const Mat g = rng.mat(4, 3);
  vp::Embedding grad = vp::zeros_like(e);
  vp::embedding_backward(ids, g, &grad);
  CHECK(grad.weight.row(4).isApprox(g.row(0) + g.row(2)));
  CHECK(grad.weight.row(2).isZero());
  check_finite_differences(params_of(e, grad), [&] { return dot(vp::embedding_lookup(e, ids), g); });
}
