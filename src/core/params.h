// One list of parameter names per module, used by everything that walks a model's
// weights: the safetensors loader and saver, the optimizer, the gradient tests.
// Names are PyTorch's state_dict() names, so checkpoints load as they are.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/tensor.h"

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

// "prefix" + "." + name, or just name when prefix is empty
std::string join_name(const std::string& prefix, const std::string& name);

}  // namespace vp
