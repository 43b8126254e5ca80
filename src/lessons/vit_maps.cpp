#include "lessons/vit_maps.h"

#include <algorithm>
#include <limits>

namespace vp {

Mat patch_filter(const PatchEmbedding& p, int d) {
  const Mat& w = p.proj.weight;  // [D, C*P*P]
  if (d < 0 || d >= w.rows()) throw Error("filter " + std::to_string(d) + " of " + std::to_string(w.rows()));
  return Eigen::Map<const Mat>(w.row(d).data(), p.channels * p.patch_size, p.patch_size);
}

Mat filter_mosaic(const PatchEmbedding& p, int count, int per_row) {
  const int P = p.patch_size, C = p.channels;
  if (count < 1 || count > p.proj.weight.rows() || per_row < 1)
    throw Error("filter mosaic: " + std::to_string(count) + " filters in rows of " + std::to_string(per_row) + " of " +
                std::to_string(p.proj.weight.rows()));
  const int rows = (count + per_row - 1) / per_row, columns = std::min(count, per_row);
  Mat mosaic = Mat::Constant(rows * (P + 1) - 1, columns * (P + 1) - 1, std::numeric_limits<float>::quiet_NaN());
  for (int d = 0; d < count; ++d) {
    const Mat f = patch_filter(p, d);  // [C*P, P]
    Mat mean = Mat::Zero(P, P);        // mean over the channel planes
    for (int c = 0; c < C; ++c) mean += f.middleRows(c * P, P);
    mean /= static_cast<float>(C);
    mosaic.block((d / per_row) * (P + 1), (d % per_row) * (P + 1), P, P) = mean / std::max(mean.cwiseAbs().maxCoeff(), 1e-12f);
  }
  return mosaic;
}

Mat position_similarity(const Mat& pos_embedding) {
  if (pos_embedding.rows() < 2) throw Error("position embeddings: need the class token and at least one patch");
  Mat p = pos_embedding.bottomRows(pos_embedding.rows() - 1);  // [S, D]
  const Eigen::VectorXf norms = p.rowwise().norm().cwiseMax(1e-12f);
  p.array().colwise() /= norms.array();
  return p * p.transpose();  // [S, S]
}

Mat similarity_mosaic(const Mat& similarity, int grid) {
  const long S = static_cast<long>(grid) * grid;
  require_shape(similarity, S, S, "position similarity");
  const int side = grid * (grid + 1) - 1;
  Mat mosaic = Mat::Constant(side, side, std::numeric_limits<float>::quiet_NaN());
  for (int i = 0; i < S; ++i) {
    const int top = (i / grid) * (grid + 1), left = (i % grid) * (grid + 1);
    mosaic.block(top, left, grid, grid) = Eigen::Map<const Mat>(similarity.row(i).data(), grid, grid);
  }
  return mosaic;
}

}  // namespace vp
