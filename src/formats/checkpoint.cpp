#include "formats/checkpoint.h"

#include <algorithm>
#include <cmath>

namespace vp {

void load_params(const ParamWalk& walk, const TensorMap& tensors, const std::set<std::string>& not_params) {
  std::set<std::string> used = not_params;
  walk([&](const ParamRef& p) {
    auto it = tensors.find(p.name);
    if (it == tensors.end())
      throw Error("missing tensor " + quote_name(p.name) + " (expected shape " + shape_str(p.shape) + ")");
    const Tensor& t = it->second;
    if (t.shape != p.shape || static_cast<int64_t>(t.data.size()) != p.numel())
      throw Error("tensor " + quote_name(p.name) + " has shape " + shape_str(t.shape) + ", expected " +
                  shape_str(p.shape));
    auto bad = std::find_if(t.data.begin(), t.data.end(), [](float v) { return !std::isfinite(v); });
    if (bad != t.data.end())
      throw Error("tensor " + quote_name(p.name) + " contains " + (std::isnan(*bad) ? "NaN" : "Inf") + " at index " +
                  std::to_string(bad - t.data.begin()));
    std::copy(t.data.begin(), t.data.end(), p.data);
    used.insert(p.name);
  });
  for (const auto& entry : tensors)
    if (!used.count(entry.first))
      throw Error("unexpected tensor " + quote_name(entry.first) + " (not a parameter of this model)");
}

TensorMap save_params(const ParamWalk& walk, const std::string& name_suffix) {
  TensorMap tensors;
  walk([&](const ParamRef& p) {
    tensors[p.name + name_suffix] = {p.shape, std::vector<float>(p.data, p.data + p.numel())};
  });
  return tensors;
}

}  // namespace vp
