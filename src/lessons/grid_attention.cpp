#include "lessons/grid_attention.h"

#include "nn/attention.h"

namespace vp {

Mat grid_flatten(const Mat& image) {
  // row-major storage already lists the cells row by row
  return Eigen::Map<const Mat>(image.data(), image.size(), 1);
}

Mat grid_unflatten(const Mat& v, int H, int W) {
  if (v.size() != static_cast<Eigen::Index>(H) * W || (v.rows() != 1 && v.cols() != 1))
    throw Error("cannot lay " + shape_str(v) + " out on a " + std::to_string(H) + "x" + std::to_string(W) + " grid");
  return Eigen::Map<const Mat>(v.data(), H, W);
}

Mat grid_row_image(const Mat& m, int t, int H, int W) {
  if (t < 0 || t >= m.rows()) throw Error("row " + std::to_string(t) + " is outside " + shape_str(m));
  return grid_unflatten(m.row(t), H, W);
}

Mat grid_tokens(const Mat& image) {
  const Mat p = grid_flatten(image);  // [HW, 1]
  Mat x(p.rows(), 2);
  x.col(0) = p;                                 // ink
  x.col(1) = Mat::Ones(p.rows(), 1) - p;        // paper
  return x;
}

Mat grid_position_bias(int H, int W, float alpha) {
  Mat bias(H * W, H * W);
  for (int t = 0; t < H * W; ++t)
    for (int s = 0; s < H * W; ++s) {
      const float dr = static_cast<float>(t / W - s / W), dc = static_cast<float>(t % W - s % W);
      bias(t, s) = -alpha * (dr * dr + dc * dc);
    }
  return bias;
}

GridAttentionResult grid_self_attention(const Mat& image, const GridAttentionOptions& options, Trace* trace) {
  require_finite(image, "image");
  if (image.size() == 0) throw Error("the image has no cells");
  if (!(options.content_gain >= 0) || !(options.position_gain >= 0))
    throw Error("attention gains must be >= 0");
  const int H = static_cast<int>(image.rows()), W = static_cast<int>(image.cols());

  GridAttentionResult r;
  r.tokens = grid_tokens(image);                               // [HW, 2]
  r.position_bias = grid_position_bias(H, W, options.position_gain);
  const Mat Q = options.content_gain * r.tokens;               // [HW, 2]  beta x
  AttentionOptions attn;
  attn.scaled = false;
  attn.mask = &r.position_bias;                                // added to Q K^T before the softmax
  AttentionResult a = attention_forward(Q, r.tokens, grid_flatten(image), attn);
  r.content_scores = Q * r.tokens.transpose();                 // beta x_t . x_s
  r.scores = a.scores;                                         // + position bias
  r.weights = a.weights;
  r.output = grid_unflatten(a.output, H, W);

  record(trace, "tokens", "Cells as tokens", "x_t = [p_t, 1 - p_t]").in("image", image).out("tokens", r.tokens);
  record(trace, "scores", "Scores", "beta x_t . x_s - alpha |pos_t - pos_s|^2")
      .out("content scores", r.content_scores).out("position bias", r.position_bias).out("scores", r.scores);
  record(trace, "weights", "Attention weights", "softmax over each row").out("weights", r.weights);
  record(trace, "output", "Weighted average of pixels", "out_t = sum_s A(t, s) p_s").out("output", r.output);
  return r;
}

Mat grid_shape(const std::string& name, int size) {
  if (size < 3) throw Error("a grid shape needs size >= 3");
  Mat g = Mat::Zero(size, size);
  const int lo = size / 4, hi = size - 1 - size / 4, mid = size / 2;
  if (name == "cross") {
    g.row(mid).segment(lo, hi - lo + 1).setOnes();
    g.col(mid).segment(lo, hi - lo + 1).setOnes();
  } else if (name == "square") {
    g.block(lo, lo, hi - lo + 1, hi - lo + 1).setOnes();
  } else if (name == "diagonal") {
    for (int i = 0; i < size; ++i) g(i, i) = 1;
  } else if (name == "ring") {
    g.block(lo, lo, hi - lo + 1, hi - lo + 1).setOnes();
    g.block(lo + 1, lo + 1, hi - lo - 1, hi - lo - 1).setZero();
  } else if (name != "empty") {
    throw Error("unknown shape '" + name + "' (cross, square, diagonal, ring, empty)");
  }
  return g;
}

}  // namespace vp
