#include "lessons/vit_messages.h"

#include "formats/engine_message.h"

namespace vp {

nlohmann::json vit_config_json(const VitConfig& c) {
  return {{"image_size", c.image_size}, {"patch_size", c.patch_size}, {"channels", c.channels},
          {"dim", c.dim},               {"depth", c.depth},           {"heads", c.heads},
          {"mlp_dim", c.mlp_dim},       {"num_classes", c.num_classes}, {"eps", c.eps},
          {"mean_pooling", c.pooling == VitPooling::mean_patches}};
}

VitConfig vit_config_from(const nlohmann::json& j) {
  VitConfig c;
  c.image_size = message_field<int>(j, "image_size");
  c.patch_size = message_field<int>(j, "patch_size");
  c.channels = message_field<int>(j, "channels");
  c.dim = message_field<int>(j, "dim");
  c.depth = message_field<int>(j, "depth");
  c.heads = message_field<int>(j, "heads");
  c.mlp_dim = message_field<int>(j, "mlp_dim");
  c.num_classes = message_field<int>(j, "num_classes");
  c.eps = message_field<float>(j, "eps");
  c.pooling = message_field<bool>(j, "mean_pooling") ? VitPooling::mean_patches : VitPooling::class_token;
  validate(c);
  return c;
}

nlohmann::json preprocess_json(const PreprocessSpec& p) {
  return {{"recipe", p.recipe}, {"image_size", p.image_size}, {"channels", p.channels},
          {"mean", p.mean},     {"std", p.std},               {"crop_fraction", p.crop_fraction}};
}

PreprocessSpec preprocess_from(const nlohmann::json& j) {
  PreprocessSpec p;
  p.recipe = message_field<std::string>(j, "recipe");
  p.image_size = message_field<int>(j, "image_size");
  p.channels = message_field<int>(j, "channels");
  p.mean = message_field<std::vector<float>>(j, "mean");
  p.std = message_field<std::vector<float>>(j, "std");
  p.crop_fraction = message_field<float>(j, "crop_fraction");
  return p;
}

nlohmann::json interventions_message_json(const VitInterventions& iv) {
  nlohmann::json heads = nlohmann::json::array(), layers = nlohmann::json::array(), patches = nlohmann::json::array();
  for (size_t l = 0; l < iv.heads_off.size(); ++l)
    for (size_t h = 0; h < iv.heads_off[l].size(); ++h)
      if (iv.heads_off[l][h]) heads.push_back(nlohmann::json::array({l, h}));
  for (size_t l = 0; l < iv.attention_off.size(); ++l)
    if (iv.attention_off[l]) layers.push_back(l);
  for (size_t p = 0; p < iv.patches_occluded.size(); ++p)
    if (iv.patches_occluded[p]) patches.push_back(p);
  return {{"heads_off", heads}, {"attention_off", layers}, {"occluded", patches}};
}

VitInterventions interventions_from(const nlohmann::json& j) {
  constexpr uint64_t kMax = 1 << 16;  // more layers, heads or patches than any ViT has
  auto index = [&](const nlohmann::json& v) {
    if (!v.is_number_unsigned() || v.get<uint64_t>() >= kMax) throw Error("interventions: bad index " + v.dump());
    return static_cast<size_t>(v.get<uint64_t>());
  };
  VitInterventions iv;
  for (const nlohmann::json& lh : message_field<nlohmann::json>(j, "heads_off")) {
    if (!lh.is_array() || lh.size() != 2) throw Error("interventions: a head is not [layer, head]");
    const size_t l = index(lh[0]), h = index(lh[1]);
    if (iv.heads_off.size() <= l) iv.heads_off.resize(l + 1);
    if (iv.heads_off[l].size() <= h) iv.heads_off[l].resize(h + 1);
    iv.heads_off[l][h] = true;
  }
  for (const nlohmann::json& v : message_field<nlohmann::json>(j, "attention_off")) {
    const size_t l = index(v);
    if (iv.attention_off.size() <= l) iv.attention_off.resize(l + 1);
    iv.attention_off[l] = true;
  }
  for (const nlohmann::json& v : message_field<nlohmann::json>(j, "occluded")) {
    const size_t p = index(v);
    if (iv.patches_occluded.size() <= p) iv.patches_occluded.resize(p + 1);
    iv.patches_occluded[p] = true;
  }
  return iv;
}

}  // namespace vp
