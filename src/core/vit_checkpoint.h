// A torchvision VisionTransformer from its state_dict: the sizes are read off the weights'
// shapes (the number of heads is not in any shape, so the caller gives it), then the weights
// are loaded through visit_params. What `vitplay-cli run vit` does.
//
//   conv_proj.weight [D, C, P, P]   -> dim D, channels C, patch P
//   encoder.pos_embedding [1, S+1, D] -> image size P sqrt(S)
//   encoder.layers.encoder_layer_N.*  -> depth (N = 0, 1, ...), mlp.0.weight [mlp_dim, D]
//   heads.head.weight [classes, D]
#pragma once
#include "core/safetensors.h"
#include "core/vit.h"

namespace vp {

// Throws vp::Error naming the missing or inconsistent tensor.
VitConfig vit_config_from_weights(const TensorMap& weights, int heads);

// Builds and loads the model. Tensors named x, y or ending in ".grad" are data, not weights,
// and are skipped (a fixture file holds both); any other unknown tensor is an error.
Vit load_vit(const TensorMap& weights, int heads);

// x: one image [C, H, W] or a batch [N, C, H, W], already normalised -> logits [1, classes]
// or [N, classes]. Throws vp::Error if the image size does not match the model.
Tensor run_vit(const Vit& model, const Tensor& x);

// The same forward, then the backward for grad_y = dL/dlogits ([1 or N, classes], shaped like
// the logits): "y", "x.grad" shaped like x, and "NAME.grad" for every weight NAME (summed over
// the batch), as PyTorch's y.backward(grad_y) leaves them.
TensorMap grad_vit(const Vit& model, const Tensor& x, const Tensor& grad_y);

}  // namespace vp
