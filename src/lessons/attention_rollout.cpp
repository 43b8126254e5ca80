#include "lessons/attention_rollout.h"

namespace vp {

Mat attention_rollout(const std::vector<std::vector<Mat>>& attention, const VitInterventions* iv) {
  if (attention.empty() || attention[0].empty()) throw Error("attention rollout needs at least one layer and head");
  const long n = attention[0][0].rows();
  const Mat identity = Mat::Identity(n, n);
  Mat rollout = identity;  // [n, n]
  for (size_t l = 0; l < attention.size(); ++l) {
    const int layer = static_cast<int>(l);
    Mat mean = Mat::Zero(n, n);  // head-averaged A_l over the heads that are on
    int on = 0;
    for (size_t h = 0; h < attention[l].size(); ++h) {
      require_shape(attention[l][h], n, n, "attention of layer " + std::to_string(l));
      if (iv && (iv->layer_off(layer) || iv->head_off(layer, static_cast<int>(h)))) continue;
      mean += attention[l][h];
      ++on;
    }
    if (on == 0) continue;  // nothing but the residual: A~_l = I
    Mat mixed = 0.5f * (mean / static_cast<float>(on)) + 0.5f * identity;  // A~_l
    mixed.array().colwise() /= mixed.rowwise().sum().array();
    rollout = mixed * rollout;  // R = A~_l R
  }
  return rollout;
}

namespace {
Mat to_grid(const Mat& patch_values, int grid_h, int grid_w) {  // [1, S] -> [grid_h, grid_w]
  if (patch_values.cols() != static_cast<long>(grid_h) * grid_w)
    throw Error("attention over " + std::to_string(patch_values.cols()) + " patches does not fit a " +
                std::to_string(grid_h) + " x " + std::to_string(grid_w) + " grid");
  return Eigen::Map<const Mat>(patch_values.data(), grid_h, grid_w);
}
void require_token(const Mat& attention, int token) {
  if (token < 0 || token >= attention.rows() || attention.rows() != attention.cols())
    throw Error("token " + std::to_string(token) + " is not in a " + shape_str(attention) + " attention matrix");
}
}  // namespace

Mat attention_row_grid(const Mat& attention, int token, int grid_h, int grid_w) {
  require_token(attention, token);
  return to_grid(attention.block(token, 1, 1, attention.cols() - 1), grid_h, grid_w);
}

Mat attention_column_grid(const Mat& attention, int token, int grid_h, int grid_w) {
  require_token(attention, token);
  return to_grid(attention.block(1, token, attention.rows() - 1, 1).transpose(), grid_h, grid_w);
}

}  // namespace vp
