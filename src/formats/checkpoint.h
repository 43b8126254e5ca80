// Checkpoints: a model's parameters to and from named tensors (what a safetensors file
// holds). Both directions walk the model with its visit_params, so the names are PyTorch's
// state_dict() names and there is one list of them per module.
//
//   EncoderLayer layer = encoder_layer_zeros(config);
//   load_params(walk_params(layer), read_safetensors("layer.safetensors"));
//   write_safetensors("copy.safetensors", save_params(walk_params(layer)));
#pragma once
#include <functional>
#include <set>
#include <string>

#include "nn/params.h"
#include "formats/safetensors.h"

namespace vp {

// Calls a visitor on every parameter of one model.
using ParamWalk = std::function<void(const ParamVisitor&)>;

// The walk of any module that has visit_params(module, prefix, fn); names get no prefix.
template <class Module>
ParamWalk walk_params(Module& module) {
  return [&module](const ParamVisitor& fn) { visit_params(module, "", fn); };
}

// Copies a tensor into every parameter the walk visits. Throws vp::Error for a missing
// tensor, a tensor whose shape differs from the parameter's (naming both shapes), a NaN or
// Inf value, or a tensor that no parameter takes, unless its name is in `not_params`
// (e.g. the inputs "x" and "y" kept in the same file).
void load_params(const ParamWalk& walk, const TensorMap& tensors, const std::set<std::string>& not_params = {});

// Every parameter as a tensor of its PyTorch shape, named as load_params expects, plus
// name_suffix: a gradient (a module of the model's own type, see zeros_like) saved with
// ".grad" gives PyTorch's NAME.grad names.
TensorMap save_params(const ParamWalk& walk, const std::string& name_suffix = "");

}  // namespace vp
