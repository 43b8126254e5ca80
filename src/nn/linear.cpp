#include "nn/linear.h"

#include "nn/gemm.h"

namespace vp {

Linear linear_zeros(int in, int out, bool bias) {
  return {Mat::Zero(out, in), bias ? Vec::Zero(out) : Vec()};
}

Mat linear_forward(const Linear& layer, const Mat& x) {
  if (x.cols() != layer.weight.cols())
    throw Error("linear: input has " + std::to_string(x.cols()) + " features, weight expects " +
                std::to_string(layer.weight.cols()));
  return matmul_transposed_plus_bias(x, layer.weight, layer.bias);  // y = x W^T + b
}

Mat linear_backward(const Linear& layer, const Mat& x, const Mat& dy, Linear* grad) {
  // y_ij = sum_k x_ik W_jk + b_j, so
  //   dW_jk = sum_i dy_ij x_ik     dW = dy^T x      [out, n] [n, in] -> [out, in]
  //   db_j  = sum_i dy_ij          (b is added to every row)
  //   dx_ik = sum_j dy_ij W_jk     dx = dy W        [n, out] [out, in] -> [n, in]
  add_matmul_transposed_a(dy, x, grad->weight);
  if (layer.bias.size()) grad->bias += dy.colwise().sum();
  return matmul(dy, layer.weight);
}

void visit_params(Linear& layer, const std::string& prefix, const ParamVisitor& fn) {
  visit_param(join_name(prefix, "weight"), layer.weight, fn);
  visit_param(join_name(prefix, "bias"), layer.bias, fn);
}

}  // namespace vp
