#include "core/vit_checkpoint.h"

#include <algorithm>
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

namespace {

// x: [C, H, W] or [N, C, H, W] checked against the model -> the N images stacked by rows,
// [N*C*H, W] ((N, C, H, W) in memory is that matrix).
Mat images_of(const Vit& model, const Tensor& x) {
  const VitConfig& c = model.config;
  if (x.shape.size() != 3 && x.shape.size() != 4)
    throw Error("x must be [C, H, W] or [N, C, H, W], got " + shape_str(x.shape));
  const std::vector<int64_t> image_shape(x.shape.end() - 3, x.shape.end());
  if (image_shape != std::vector<int64_t>{c.channels, c.image_size, c.image_size})
    throw Error("x images are " + shape_str(image_shape) + ", the model takes [" + std::to_string(c.channels) + ", " +
                std::to_string(c.image_size) + ", " + std::to_string(c.image_size) + "]");
  const int64_t rows = static_cast<int64_t>(x.data.size()) / c.image_size;
  Mat images = Eigen::Map<const Mat>(x.data.data(), rows, c.image_size);
  require_finite(images, "input x");
  return images;
}

Tensor as_tensor(const Mat& m, std::vector<int64_t> shape) {
  return {std::move(shape), {m.data(), m.data() + m.size()}};
}

}  // namespace

Tensor run_vit(const Vit& model, const Tensor& x) {
  const Mat images = images_of(model, x);
  const Eigen::Index rows = model.config.channels * model.config.image_size, n = images.rows() / rows;
  // batches of up to 16 images: one matrix product per linear layer, memory bounded
  constexpr Eigen::Index kBatch = 16;
  Mat logits(n, model.config.num_classes);
  for (Eigen::Index i = 0; i < n; i += kBatch) {
    const Eigen::Index count = std::min(kBatch, n - i);
    logits.middleRows(i, count) = vit_forward(model, images.middleRows(i * rows, count * rows));
  }
  return as_tensor(logits, {n, model.config.num_classes});
}

TensorMap grad_vit(const Vit& model, const Tensor& x, const Tensor& grad_y) {
  const Mat images = images_of(model, x);
  const Eigen::Index n = images.rows() / (model.config.channels * model.config.image_size);
  if (grad_y.shape != std::vector<int64_t>{n, model.config.num_classes})
    throw Error("y.grad has shape " + shape_str(grad_y.shape) + ", expected the logits' [" + std::to_string(n) + ", " +
                std::to_string(model.config.num_classes) + "]");
  const Mat dlogits = Eigen::Map<const Mat>(grad_y.data.data(), n, model.config.num_classes);
  require_finite(dlogits, "y.grad");
  Vit grads = zeros_like(model);
  VitCache cache;
  const Mat logits = vit_forward(model, images, nullptr, &cache);
  const Mat dimages = vit_backward(model, cache, dlogits, &grads);
  TensorMap out = save_params(walk_params(grads), ".grad");
  out["y"] = as_tensor(logits, {n, model.config.num_classes});
  out["x.grad"] = as_tensor(dimages, x.shape);
  return out;
}

}  // namespace vp
