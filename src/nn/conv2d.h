// A 2D convolution over a one-channel image, the operation a CNN layer repeats per channel,
// and the same convolution written as attention with fixed weights (the article's section 6:
// a CNN is a self-attention restricted to a fixed local window).
//
// Cells are numbered row by row: cell (r, c) of an [H, W] image is token t = r W + c.
#pragma once
#include <string>

#include "nn/trace.h"

namespace vp {

// image [H, W], kernel [kh, kw] (odd sizes) -> [H, W], zero padding ("same"):
//   out(r, c) = sum_{a < kh} sum_{b < kw} kernel(a, b) image(r + a - kh/2, c + b - kw/2)
// This is cross-correlation, which is what nn.Conv2d computes. Records step "conv2d".
Mat conv2d_same(const Mat& image, const Mat& kernel, Trace* trace = nullptr);

// The receptive field of output cell (r, c), drawn on the input grid: the kernel centred on
// (r, c), zero everywhere else.       [H, W]
//   out(r, c) = sum over every cell (i, j) of window(i, j) image(i, j)
Mat conv2d_window(int H, int W, const Mat& kernel, int r, int c);

// The whole convolution as one matrix acting on the flattened image:   [H W, H W]
//   A(t, s) = the kernel weight linking input cell s to output cell t, 0 outside the window
//   vec(conv2d_same(image, kernel)) = A vec(image)
// Row t of A is conv2d_window around cell t: like an attention matrix, each output is a
// weighted sum over all cells, but the weights are fixed, local and the same for every cell.
Mat conv2d_as_matrix(int H, int W, const Mat& kernel);

// Named 3x3 kernels: "mean" (all 1/9, a blur), "edge" (Laplacian: 8 in the centre, -1
// around), "vertical" (Sobel, responds to vertical edges), "identity".
Mat conv2d_kernel(const std::string& name);

}  // namespace vp
