// Running a ViT checkpoint on tensors (what `vitplay-cli run vit` and `grad vit` do): the
// model comes from a state_dict in any of the namings of models/vit_naming.h.
#pragma once
#include "formats/safetensors.h"
#include "models/vit.h"

namespace vp {

// The model of a checkpoint in torchvision, timm or Hugging Face naming (load_vit_checkpoint
// with only the number of heads given). Throws vp::Error naming the missing or inconsistent tensor.
Vit load_vit(const TensorMap& weights, int heads);

// x: one image [C, H, W] or a batch [N, C, H, W], already normalised -> logits [1, classes]
// or [N, classes]. Throws vp::Error if the image size does not match the model.
Tensor run_vit(const Vit& model, const Tensor& x);

// The same forward, then the backward for grad_y = dL/dlogits ([1 or N, classes], shaped like
// the logits): "y", "x.grad" shaped like x, and "NAME.grad" for every weight NAME (summed over
// the batch), as PyTorch's y.backward(grad_y) leaves them.
TensorMap grad_vit(const Vit& model, const Tensor& x, const Tensor& grad_y);

}  // namespace vp
