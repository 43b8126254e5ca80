// ViT checkpoints in torchvision, timm and Hugging Face naming (models/vit_naming) against
// torchvision's logits (tests/make_vit_naming_fixtures.py): every tensor of each naming is
// filled by a formula keyed by its name in the file, the same in Python and here, so a
// ViT-Ti-sized fixture is only its logits and its tensor names.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <nlohmann/json.hpp>

#include "models/vit_naming.h"

namespace {

const std::string kFixtures = VITPLAY_SOURCE_DIR "/tests/fixtures/vit_naming/";

uint32_t fmix32(uint32_t x) {
  x ^= x >> 16;
  x *= 0x85EBCA6Bu;
  x ^= x >> 13;
  x *= 0xC2B2AE35u;
  return x ^ (x >> 16);
}

uint32_t fnv1a(const std::string& name) {
  uint32_t h = 0x811C9DC5u;
  for (unsigned char b : name) h = (h ^ b) * 0x01000193u;
  return h;
}

// formula_values of the Python script: u_i = hash(name, i) in [-1, 1), scaled by what the tensor is.
vp::Tensor formula_values(const std::string& name, const std::vector<int64_t>& shape) {
  static const std::set<std::string> norms = {"ln_1", "ln_2", "ln", "norm1", "norm2", "norm", "fc_norm",
                                              "layernorm_before", "layernorm_after", "layernorm"};
  static const std::set<std::string> embeddings = {"class_token", "cls_token", "pos_embedding", "pos_embed",
                                                   "position_embeddings"};
  std::vector<std::string> parts(1);
  for (char ch : name) {
    if (ch == '.')
      parts.emplace_back();
    else
      parts.back().push_back(ch);
  }
  const std::string& last = parts.back();
  const std::string before = parts.size() > 1 ? parts[parts.size() - 2] : "";
  const int64_t n = vp::numel(shape);
  double scale = 0.1, offset = 0;
  if (norms.count(before) && last == "weight")
    scale = 0.2, offset = 1;
  else if (embeddings.count(last))
    scale = 0.5;
  else if (name == "x")
    scale = 1;
  else if (shape.size() > 1)
    scale = 1 / std::sqrt(static_cast<double>(n / shape[0]));
  vp::Tensor t{shape, std::vector<float>(static_cast<size_t>(n))};
  const uint32_t seed = fnv1a(name);
  for (int64_t i = 0; i < n; ++i) {
    const uint32_t h = fmix32(seed + static_cast<uint32_t>(i) * 0x9E3779B9u);
    const double u = static_cast<double>(h >> 8) / 8388608.0 - 1.0;
    t.data[static_cast<size_t>(i)] = static_cast<float>(offset + u * scale);
  }
  return t;
}

struct Fixture {
  vp::TensorMap logits;
  vp::TensorMetadata meta;
  nlohmann::json config;
};

Fixture load(const std::string& name) {
  Fixture f;
  f.logits = vp::read_safetensors(kFixtures + name + ".safetensors", &f.meta);
  f.config = nlohmann::json::parse(f.meta.at("config"));
  return f;
}

// The checkpoint a naming's file would hold, every tensor from the formula.
vp::TensorMap weights_of(const Fixture& f, const std::string& naming) {
  vp::TensorMap w;
  for (const auto& entry : nlohmann::json::parse(f.meta.at("names_" + naming)))
    w[entry[0].get<std::string>()] = formula_values(entry[0], entry[1].get<std::vector<int64_t>>());
  return w;
}

vp::Mat formula_image(const vp::VitConfig& c) {
  const vp::Tensor x = formula_values("x", {1, c.channels, c.image_size, c.image_size});
  return Eigen::Map<const vp::Mat>(x.data.data(), c.channels * c.image_size, c.image_size);
}

float max_abs_diff(const vp::Mat& logits, const vp::Tensor& expected) {
  REQUIRE(static_cast<size_t>(logits.size()) == expected.data.size());
  float worst = 0;
  for (size_t i = 0; i < expected.data.size(); ++i)
    worst = std::max(worst, std::abs(logits.data()[i] - expected.data[i]));
  return worst;
}

vp::VitHints heads(int h) {
  vp::VitHints hints;
  hints.heads = h;
  return hints;
}

std::string error_of(const vp::TensorMap& w, const vp::VitHints& hints = heads(3)) {
  try {
    vp::load_vit_checkpoint(w, hints);
  } catch (const vp::Error& e) {
    return e.what();
  }
  return "";
}

const std::map<std::string, vp::VitNaming> kNamings = {
    {"torchvision", vp::VitNaming::torchvision}, {"timm", vp::VitNaming::timm}, {"hf", vp::VitNaming::hugging_face}};

}  // namespace

TEST_CASE("vit naming: torchvision, timm and Hugging Face checkpoints give torchvision's logits", "[vit_naming]") {
  for (const char* name : {"tiny", "ti", "tiny_avg"}) {
    const Fixture f = load(name);
    for (const auto& [naming, id] : kNamings) {
      if (!f.meta.count("names_" + naming)) continue;
      INFO(name << " in " << naming << " naming");
      const vp::VitCheckpoint ck = vp::load_vit_checkpoint(weights_of(f, naming), heads(f.config["num_heads"]));
      CHECK(ck.naming == id);
      const vp::VitConfig& c = ck.model.config;
      CHECK(c.dim == f.config["hidden_dim"]);
      CHECK(c.depth == f.config["num_layers"]);
      CHECK(c.image_size == f.config["image_size"]);
      CHECK(c.mlp_dim == f.config["mlp_dim"]);
      CHECK((c.pooling == vp::VitPooling::mean_patches) == (f.meta.at("mean_pooled") == "true"));
      CHECK(max_abs_diff(vp::vit_forward(ck.model, formula_image(c)), f.logits.at("logits_" + naming)) <= 1e-3f);
    }
  }
}

TEST_CASE("vit naming: ViT-Ti without a config takes 64 dimensions per head", "[vit_naming]") {
  const Fixture f = load("ti");
  const vp::VitCheckpoint ck = vp::load_vit_checkpoint(weights_of(f, "timm"), {});
  CHECK(ck.model.config.heads == 3);
  CHECK(ck.model.config.eps == 1e-6f);
  CHECK(ck.preprocess.recipe == "imagenet");
  CHECK(ck.preprocess.crop_fraction == 0.9f);
  vp::VitCheckpoint labelled = ck;
  vp::fill_default_labels(labelled, VITPLAY_SOURCE_DIR "/models");
  REQUIRE(labelled.labels.size() == 1000);
  CHECK(labelled.labels[0] == "tench");
  CHECK(labelled.labels[999] == "toilet tissue");
}

TEST_CASE("vit naming: errors name the tensor as the file names it", "[vit_naming]") {
  const Fixture f = load("tiny");
  const vp::TensorMap hf = weights_of(f, "hf"), timm = weights_of(f, "timm");

  vp::TensorMap w = hf;
  w.erase("vit.encoder.layer.1.attention.attention.key.bias");
  CHECK_THAT(error_of(w), Catch::Contains("missing tensor \"vit.encoder.layer.1.attention.attention.key.bias\" "
                                          "(expected shape [12], Hugging Face ViT naming)"));
  w = timm;
  w["blocks.0.attn.qkv.weight"].shape = {12, 36};
  CHECK_THAT(error_of(w), Catch::Contains("tensor \"blocks.0.attn.qkv.weight\" has shape [12, 36], expected [36, 12]"));
  w = timm;
  w["blocks.0.ls1.gamma"] = formula_values("blocks.0.ls1.gamma", {12});
  CHECK_THAT(error_of(w), Catch::Contains("unexpected tensor \"blocks.0.ls1.gamma\" (not part of a timm ViT"));
  w = timm;
  w["blocks.0.mlp.fc2.bias"].data[3] = std::nanf("");
  CHECK_THAT(error_of(w), Catch::Contains("\"blocks.0.mlp.fc2.bias\" contains NaN at index 3"));
  w = timm;
  w.erase("blocks.1.norm1.weight");  // the depth is counted from norm1: layer 1's other tensors are extra
  CHECK_THAT(error_of(w), Catch::Contains("unexpected tensor \"blocks.1."));
  CHECK_THAT(error_of(timm, heads(5)), Catch::Contains("5 heads do not divide hidden size 12"));
  CHECK_THAT(error_of(timm, {}), Catch::Contains("the number of heads is in no tensor"));
  w = timm;
  w.insert(hf.begin(), hf.end());
  CHECK_THAT(error_of(w), Catch::Contains("mixes ViT namings (timm and Hugging Face)"));
  w = timm;
  w["pos_embed"] = formula_values("pos_embed", {1, 9, 12});
  CHECK_THAT(error_of(w), Catch::Contains("\"pos_embed\" has 9 positions: not 1 (the class token) + a square grid"));

  const vp::TensorMap mha = vp::read_safetensors(VITPLAY_SOURCE_DIR "/tests/fixtures/parity/mha_d8_h2_seq5.safetensors");
  CHECK_THAT(error_of(mha), Catch::Contains("not a ViT checkpoint") && Catch::Contains("nn.MultiheadAttention"));
  CHECK_THAT(error_of({}), Catch::Contains("it holds no tensors"));
}

TEST_CASE("vit naming: config files (Hugging Face, timm, vitplay, labels) fill what shapes cannot say", "[vit_naming]") {
  const Fixture f = load("tiny");
  const vp::TensorMap hf = weights_of(f, "hf");
  const vp::VitHints hf_config = vp::parse_vit_hints(R"({"num_attention_heads": 3, "layer_norm_eps": 1e-5,
      "image_size": 12, "patch_size": 4, "id2label": {"1": "b", "0": "a", "2": "c", "4": "e", "3": "d"}})");
  vp::VitCheckpoint ck = vp::load_vit_checkpoint(hf, hf_config);
  CHECK(ck.model.config.heads == 3);
  CHECK(ck.model.config.eps == 1e-5f);
  CHECK(ck.labels == std::vector<std::string>{"a", "b", "c", "d", "e"});
  CHECK(ck.preprocess.mean == std::vector<float>{0.5f});
  // Without a config, Hugging Face's default eps.
  CHECK(vp::load_vit_checkpoint(hf, heads(3)).model.config.eps == 1e-12f);

  const vp::VitHints timm_config = vp::parse_vit_hints(R"({"architecture": "vit_tiny_patch16_224", "num_classes": 5,
      "global_pool": "token", "pretrained_cfg": {"mean": [0.1, 0.2, 0.3], "std": [0.4, 0.5, 0.6], "crop_pct": 0.95,
      "input_size": [3, 12, 12]}})");
  CHECK(timm_config.heads == 3);
  ck = vp::load_vit_checkpoint(weights_of(f, "timm"), timm_config);
  CHECK(ck.preprocess.std == std::vector<float>{0.4f, 0.5f, 0.6f});
  CHECK(ck.preprocess.crop_fraction == 0.95f);

  const vp::VitHints labels = vp::parse_vit_hints("cat\r\ndog\nbird\nfish\nfrog\n\n");
  CHECK(labels.labels == std::vector<std::string>{"cat", "dog", "bird", "fish", "frog"});
  CHECK(vp::load_vit_checkpoint(hf, vp::merge_hints(labels, heads(3))).labels[4] == "frog");

  auto refusal = [&](const std::string& config) {
    try {
      vp::load_vit_checkpoint(hf, vp::merge_hints(vp::parse_vit_hints(config), heads(3)));
    } catch (const vp::Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK_THAT(refusal(R"({"image_size": 224})"), Catch::Contains("config says image size 224, but "
                                                                "\"vit.embeddings.position_embeddings\" holds 3x3 patches of 4 = 12"));
  CHECK_THAT(refusal(R"({"patch_size": 16})"), Catch::Contains("config says patch size 16"));
  CHECK_THAT(refusal("a\nb\n"), Catch::Contains("config gives 2 labels, but \"classifier.weight\" has 5 classes"));
  CHECK_THAT(refusal(R"({"id2label": {"0": "a", "0x1": "b"}})"), Catch::Contains("\"id2label\" key \"0x1\""));
  CHECK_THAT(refusal(R"({"num_attention_heads": 1e9})"), Catch::Contains("\"num_attention_heads\" is not an integer"));
  CHECK_THAT(refusal(R"({"num_attention_heads": 99999999999})"), Catch::Contains("outside 1..4096"));
  CHECK_THAT(refusal(R"({"layer_norm_eps": -1})"), Catch::Contains("\"layer_norm_eps\" is out of range"));
  CHECK_THAT(refusal("{not json"), Catch::Contains("config: not valid JSON"));
  CHECK_THAT(refusal("\n\n"), Catch::Contains("labels file is empty"));
}
