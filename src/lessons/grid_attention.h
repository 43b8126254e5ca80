// Self-attention over an image's cells: every cell is a token and may attend to every other
// cell, wherever it is, with weights computed from the data (a CNN's output cell sees only
// its fixed window; see conv2d.h). Cell (r, c) of an [H, W] image is token t = r W + c.
//
// A deliberately small, hand-set attention (no training) so the map can be read:
//   token features   x_t = [p_t, 1 - p_t]                  (ink, paper) of pixel p_t in [0, 1]
//   scores           S(t, s) = beta x_t . x_s  -  alpha |pos_t - pos_s|^2
//                              "looks like me"    "is near me"
//   weights          A = softmax(S) over each row          (who cell t listens to)
//   output           out_t = sum_s A(t, s) p_s              (a weighted average of pixels)
// With alpha large the weights shrink onto a small neighbourhood: a fixed local window, as in
// a CNN. Cordonnier, Loukas & Jaggi (ICLR 2020) use this quadratic position term to show that
// attention heads can reproduce any convolution.
#pragma once
#include <string>

#include "nn/trace.h"

namespace vp {

// [H, W] -> [H W, 1], row by row
Mat grid_flatten(const Mat& image);
// [H W, 1] or [1, H W] -> [H, W]
Mat grid_unflatten(const Mat& v, int H, int W);
// Row t of a [H W, H W] matrix (e.g. attention weights) laid out on the grid: [H, W]
Mat grid_row_image(const Mat& m, int t, int H, int W);

// x_t = [p_t, 1 - p_t] for every cell:   image [H, W] -> [H W, 2]
Mat grid_tokens(const Mat& image);

// B(t, s) = -alpha |pos_t - pos_s|^2, the squared distance in cells:   [H W, H W]
Mat grid_position_bias(int H, int W, float alpha);

struct GridAttentionOptions {
  float content_gain = 2.0f;    // beta: weight of "looks like me"
  float position_gain = 0.02f;  // alpha: weight of "is near me"
};

struct GridAttentionResult {
  Mat tokens;          // [H W, 2]     x
  Mat content_scores;  // [H W, H W]   beta x_t . x_s
  Mat position_bias;   // [H W, H W]   -alpha |pos_t - pos_s|^2
  Mat scores;          // [H W, H W]   their sum
  Mat weights;         // [H W, H W]   softmax over each row
  Mat output;          // [H, W]       weights x vec(image), laid out on the grid
};

// Q = beta x, K = x, V = vec(image); attention_forward with the position bias as its additive
// mask, unscaled. Throws vp::Error for a non-finite image, negative gains or an empty image.
// Records "tokens", "scores", "weights", "output".
GridAttentionResult grid_self_attention(const Mat& image, const GridAttentionOptions& options,
                                        Trace* trace = nullptr);

// Simple 0/1 shapes to start from: "cross", "square", "diagonal", "ring", "empty".  [size, size]
Mat grid_shape(const std::string& name, int size);

}  // namespace vp
