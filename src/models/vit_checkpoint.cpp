#include "models/vit_checkpoint.h"

#include <algorithm>

#include "formats/checkpoint.h"
#include "models/vit_naming.h"

namespace vp {

Vit load_vit(const TensorMap& weights, int heads) {
  VitHints hints;
  hints.heads = heads;
  return load_vit_checkpoint(weights, hints).model;
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
