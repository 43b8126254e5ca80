#include "nn/params.h"

#include <cassert>

namespace vp {

int64_t ParamRef::numel() const {
  int64_t n = 1;
  for (auto s : shape) n *= s;
  return n;
}

void visit_param(const std::string& name, Mat& m, const ParamVisitor& fn) {
  fn({name, m.data(), {m.rows(), m.cols()}});
}

void visit_param(const std::string& name, Vec& v, const ParamVisitor& fn) {
  if (v.size()) fn({name, v.data(), {v.size()}});
}

void visit_param(const std::string& name, Mat& m, std::vector<int64_t> torch_shape, const ParamVisitor& fn) {
  ParamRef ref{name, m.data(), std::move(torch_shape)};
  assert(ref.numel() == m.size());
  fn(ref);
}

std::string join_name(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "." + name;
}

}  // namespace vp
