#include "models/vit_interventions.h"

#include <algorithm>
#include <limits>

namespace vp {

namespace {
bool flag(const std::vector<bool>& flags, int i) { return i >= 0 && i < static_cast<int>(flags.size()) && flags[i]; }
}  // namespace

bool VitInterventions::head_off(int layer, int head) const {
  return layer >= 0 && layer < static_cast<int>(heads_off.size()) && flag(heads_off[layer], head);
}
bool VitInterventions::layer_off(int layer) const { return flag(attention_off, layer); }
bool VitInterventions::occluded(int patch) const { return flag(patches_occluded, patch); }

int VitInterventions::occluded_count() const {
  int n = 0;
  for (bool b : patches_occluded) n += b;
  return n;
}

bool VitInterventions::edits_layer(int layer) const {
  if (layer_off(layer)) return true;
  if (layer < 0 || layer >= static_cast<int>(heads_off.size())) return false;
  return std::find(heads_off[layer].begin(), heads_off[layer].end(), true) != heads_off[layer].end();
}

bool VitInterventions::any() const {
  const int layers = static_cast<int>(std::max(heads_off.size(), attention_off.size()));
  for (int l = 0; l < layers; ++l)
    if (edits_layer(l)) return true;
  return occluded_count() > 0;
}

EncoderLayer intervened_layer(const EncoderLayer& layer, const VitInterventions& iv, int index) {
  EncoderLayer out = layer;
  Linear& w_o = out.self_attn.out_proj;  // weight [d, d]: input column j belongs to head j / (d/h)
  if (iv.layer_off(index)) {
    w_o.weight.setZero();
    if (w_o.bias.size()) w_o.bias.setZero();
    return out;
  }
  const int heads = layer.self_attn.num_heads, hd = layer.self_attn.d_model() / heads;
  for (int h = 0; h < heads; ++h)
    if (iv.head_off(index, h)) w_o.weight.middleCols(h * hd, hd).setZero();
  return out;
}

Mat occlusion_mask(const VitInterventions& iv, int tokens) {
  Mat mask = Mat::Zero(tokens, tokens);
  for (int p = 0; p + 1 < tokens; ++p)
    if (iv.occluded(p)) mask.col(p + 1).setConstant(-std::numeric_limits<float>::infinity());
  return mask;
}

}  // namespace vp
