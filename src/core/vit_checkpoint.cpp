#include "core/vit_checkpoint.h"

#include <cmath>
#include <set>

#include "core/checkpoint.h"

namespace vp {

namespace {

const Tensor& tensor(const TensorMap& w, const std::string& name, size_t dims) {
  const auto it = w.find(name);
  if (it == w.end()) throw Error("not a torchvision ViT: missing tensor " + quote_name(name));
  if (it->second.shape.size() != dims)
    throw Error("tensor " + quote_name(name) + " has shape " + shape_str(it->second.shape) + ", expected " +
                std::to_string(dims) + " dims");
  return it->second;
}

int as_int(int64_t v, const std::string& what) {
  if (v < 1 || v > (1 << 20)) throw Error(what + " " + std::to_string(v) + " is out of range");
  return static_cast<int>(v);
}

}  // namespace

VitConfig vit_config_from_weights(const TensorMap& w, int heads) {
  VitConfig c;
  const Tensor& conv = tensor(w, "conv_proj.weight", 4);
  c.dim = as_int(conv.shape[0], "hidden dim");
  c.channels = as_int(conv.shape[1], "channel count");
  c.patch_size = as_int(conv.shape[2], "patch size");
  const Tensor& pos = tensor(w, "encoder.pos_embedding", 3);
  const int64_t patches = pos.shape[1] - 1;
  const auto side = static_cast<int64_t>(std::lround(std::sqrt(static_cast<double>(std::max<int64_t>(patches, 0)))));
  if (patches < 1 || side * side != patches)
    throw Error("encoder.pos_embedding has " + std::to_string(pos.shape[1]) + " positions: not 1 + a square grid");
  c.image_size = as_int(side * c.patch_size, "image size");
  c.depth = 0;
  while (w.count("encoder.layers.encoder_layer_" + std::to_string(c.depth) + ".ln_1.weight")) ++c.depth;
  if (c.depth == 0) throw Error("not a torchvision ViT: no encoder.layers.encoder_layer_0.*");
  c.mlp_dim = as_int(tensor(w, "encoder.layers.encoder_layer_0.mlp.0.weight", 2).shape[0], "MLP size");
  c.num_classes = as_int(tensor(w, "heads.head.weight", 2).shape[0], "class count");
  c.heads = heads;
  validate(c);
  return c;
}

Vit load_vit(const TensorMap& weights, int heads) {
  Vit model = vit_zeros(vit_config_from_weights(weights, heads));
  std::set<std::string> data = {"x", "y"};
  for (const auto& [name, t] : weights)
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".grad") == 0) data.insert(name);
  load_params(walk_params(model), weights, data);
  return model;
}

Tensor run_vit(const Vit& model, const Tensor& x) {
  const VitConfig& c = model.config;
  const bool batched = x.shape.size() == 4;
  if (x.shape.size() != 3 && !batched) throw Error("x must be [C, H, W] or [N, C, H, W], got " + shape_str(x.shape));
  const std::vector<int64_t> image_shape(x.shape.end() - 3, x.shape.end());
  if (image_shape != std::vector<int64_t>{c.channels, c.image_size, c.image_size})
    throw Error("x images are " + shape_str(image_shape) + ", the model takes [" + std::to_string(c.channels) + ", " +
                std::to_string(c.image_size) + ", " + std::to_string(c.image_size) + "]");
  const int64_t n = batched ? x.shape[0] : 1, per_image = numel(image_shape);
  Tensor y{{n, c.num_classes}, {}};
  y.data.reserve(static_cast<size_t>(n * c.num_classes));
  for (int64_t i = 0; i < n; ++i) {
    // (C, H, W) in memory is the core's [C*H, W] image matrix
    const Mat image = Eigen::Map<const Mat>(x.data.data() + i * per_image, c.channels * c.image_size, c.image_size);
    require_finite(image, "input x");
    const Mat logits = vit_forward(model, image);
    y.data.insert(y.data.end(), logits.data(), logits.data() + logits.size());
  }
  return y;
}

}  // namespace vp
