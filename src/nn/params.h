// One list of parameter names per module, used by everything that walks a model's
// weights: the safetensors loader and saver, the optimizer, the gradient tests.
// Names are PyTorch's state_dict() names, so checkpoints load as they are.
#pragma once
#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "nn/tensor.h"

namespace vp {

struct ParamRef {
  std::string name;            // "self_attn.in_proj_weight"
  float* data;                 // contiguous, row-major, PyTorch's memory layout
  std::vector<int64_t> shape;  // PyTorch's shape: [out, in] for a matrix, [n] for a vector
  int64_t numel() const;
};

using ParamVisitor = std::function<void(const ParamRef&)>;

void visit_param(const std::string& name, Mat& m, const ParamVisitor& fn);
void visit_param(const std::string& name, Vec& v, const ParamVisitor& fn);
// A matrix stored flat in PyTorch's layout under another shape: conv_proj.weight is kept as
// [D, C*P*P] and visited as [D, C, P, P]. The shapes must hold the same number of entries.
void visit_param(const std::string& name, Mat& m, std::vector<int64_t> torch_shape, const ParamVisitor& fn);

// Gradients live in a struct of the module's own type (the gradient of an EncoderLayer is an
// EncoderLayer), so one visit_params walks weights and gradients under the same names.
// zeros_like(m) is that struct before the first backward pass: m's shapes, every entry 0.
template <class Module>
Module zeros_like(Module m) {
  visit_params(m, "", [](const ParamRef& p) { std::fill_n(p.data, p.numel(), 0.0f); });
  return m;
}

// "prefix" + "." + name, or just name when prefix is empty
std::string join_name(const std::string& prefix, const std::string& name);

}  // namespace vp
