// PyTorch parity: every fixture of tests/make_fixtures.py (nn.MultiheadAttention,
// nn.TransformerEncoderLayer, nn.TransformerDecoderLayer on random weights) reproduced by
// the core to 1e-4, and the errors a bad run gets.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>

#include "models/torch_layers.h"

using Catch::Contains;

namespace {

const std::string kFixtures = VITPLAY_SOURCE_DIR "/tests/fixtures/parity";

struct Fixture {
  vp::TensorMap tensors;  // weights, x, memory (decoder), y
  vp::TensorMetadata meta;
};

Fixture load_fixture(const std::string& name) {
  Fixture f;
  f.tensors = vp::read_safetensors(kFixtures + "/" + name + ".safetensors", &f.meta);
  return f;
}

// The options PyTorch ran with, from the fixture's __metadata__.
vp::TorchLayerOptions options_of(const vp::TensorMetadata& meta) {
  vp::TorchLayerOptions o;
  o.heads = std::stoi(meta.at("heads"));
  o.causal = meta.at("causal") == "true";
  o.norm_first = meta.at("norm_first") == "true";
  o.activation = vp::parse_activation(meta.at("activation"));
  return o;
}

vp::Tensor run(const Fixture& f, const vp::TorchLayerOptions& o) {
  auto memory = f.tensors.find("memory");
  return vp::run_torch_layer(vp::parse_torch_layer(f.meta.at("op")), o, f.tensors, f.tensors.at("x"),
                             memory == f.tensors.end() ? nullptr : &memory->second);
}

}  // namespace

TEST_CASE("parity: every PyTorch fixture to 1e-4", "[parity]") {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(kFixtures))
    if (entry.path().extension() == ".safetensors") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  REQUIRE(names.size() >= 12);

  std::set<std::string> ops;
  for (const std::string& name : names) {
    const Fixture f = load_fixture(name);
    ops.insert(f.meta.at("op"));
    const vp::Tensor y = run(f, options_of(f.meta));
    const vp::Tensor& expected = f.tensors.at("y");
    INFO(name);
    REQUIRE(y.shape == expected.shape);
    float max_diff = 0;
    for (size_t i = 0; i < y.data.size(); ++i) max_diff = std::max(max_diff, std::abs(y.data[i] - expected.data[i]));
    INFO("max |y - y_torch| = " << max_diff);
    CHECK(max_diff <= 1e-4f);
  }
  CHECK(ops == std::set<std::string>{"mha", "encoder-layer", "decoder-layer"});
}

TEST_CASE("parity: the options matter (a wrong option misses PyTorch's y)", "[parity]") {
  const Fixture f = load_fixture("encoder_gelu_pre_d20_h5_seq7_causal");
  const vp::Tensor& expected = f.tensors.at("y");
  auto misses = [&](vp::TorchLayerOptions o) {
    const vp::Tensor y = run(f, o);
    for (size_t i = 0; i < y.data.size(); ++i)
      if (std::abs(y.data[i] - expected.data[i]) > 1e-3f) return true;
    return false;
  };
  const vp::TorchLayerOptions right = options_of(f.meta);
  CHECK(!misses(right));
  for (auto change : {+[](vp::TorchLayerOptions& o) { o.causal = false; },
                      +[](vp::TorchLayerOptions& o) { o.norm_first = false; },
                      +[](vp::TorchLayerOptions& o) { o.activation = vp::Activation::relu; },
                      +[](vp::TorchLayerOptions& o) { o.heads = 4; }}) {
    vp::TorchLayerOptions o = right;
    change(o);
    CHECK(misses(o));
  }
}

TEST_CASE("parity: bad runs get one-line errors", "[parity][errors]") {
  const Fixture mha = load_fixture("mha_d8_h2_seq5");
  const Fixture dec = load_fixture("decoder_gelu_post_d12_h3_batch2_seq4_mem9");
  vp::TorchLayerOptions o;

  o.heads = 3;  // 8 is not divisible by 3
  CHECK_THROWS_WITH(run(mha, o), Contains("d_model 8 is not divisible by 3 heads"));
  o.heads = 2;

  vp::Tensor x = mha.tensors.at("x");
  x.data[7] = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_WITH(vp::run_torch_layer(vp::TorchLayer::mha, o, mha.tensors, x),
                    Contains("tensor \"x\"") && Contains("NaN at [0, 7]"));

  x = {{5, 6}, std::vector<float>(30)};
  CHECK_THROWS_WITH(vp::run_torch_layer(vp::TorchLayer::mha, o, mha.tensors, x),
                    Contains("\"x\" has shape [5, 6], expected [seq, 8]"));

  x = {{1, 5000, 8}, std::vector<float>(5000 * 8)};  // a 5000 x 5000 attention matrix: refused
  CHECK_THROWS_WITH(vp::run_torch_layer(vp::TorchLayer::mha, o, mha.tensors, x),
                    Contains("5000 tokens per sequence (1 to 4096 allowed)"));
  x = {{2147483647, 0, 8}, {}};  // two billion empty sequences: refused
  CHECK_THROWS_WITH(vp::run_torch_layer(vp::TorchLayer::mha, o, mha.tensors, x), Contains("0 tokens"));

  vp::TensorMap weights = mha.tensors;
  weights.erase("out_proj.bias");
  CHECK_THROWS_WITH(vp::run_torch_layer(vp::TorchLayer::mha, o, weights, mha.tensors.at("x")),
                    Contains("missing tensor \"out_proj.bias\""));

  // a [0, 100000] in_proj_weight would mean allocating a 3e10-entry model: refused first
  weights = mha.tensors;
  weights["in_proj_weight"] = {{0, 100000}, {}};
  CHECK_THROWS_WITH(vp::run_torch_layer(vp::TorchLayer::mha, o, weights, mha.tensors.at("x")),
                    Contains("expected [3d, d]"));

  o.heads = 3;
  const vp::Tensor& dx = dec.tensors.at("x");
  CHECK_THROWS_WITH(vp::run_torch_layer(vp::TorchLayer::decoder_layer, o, dec.tensors, dx),
                    Contains("needs a memory tensor"));
  vp::Tensor one_memory = dec.tensors.at("memory");
  one_memory.shape = {9, 12};
  one_memory.data.resize(9 * 12);
  CHECK_THROWS_WITH(vp::run_torch_layer(vp::TorchLayer::decoder_layer, o, dec.tensors, dx, &one_memory),
                    Contains("memory holds 1 sequences but x holds 2"));
  CHECK_THROWS_WITH(vp::run_torch_layer(vp::TorchLayer::mha, o, mha.tensors, mha.tensors.at("x"), &one_memory),
                    Contains("only decoder-layer"));
  CHECK_THROWS_WITH(vp::parse_torch_layer("encoder"), Contains("unknown layer \"encoder\""));
}
