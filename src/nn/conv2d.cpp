#include "nn/conv2d.h"

namespace vp {

namespace {
void require_kernel(const Mat& kernel) {
  if (kernel.rows() % 2 == 0 || kernel.cols() % 2 == 0)
    throw Error("convolution kernel must have odd sizes, got " + shape_str(kernel));
  require_finite(kernel, "convolution kernel");
}
}  // namespace

Mat conv2d_window(int H, int W, const Mat& kernel, int r, int c) {
  require_kernel(kernel);
  if (r < 0 || r >= H || c < 0 || c >= W)
    throw Error("cell (" + std::to_string(r) + ", " + std::to_string(c) + ") is outside the image");
  const int kh = static_cast<int>(kernel.rows()), kw = static_cast<int>(kernel.cols());
  Mat window = Mat::Zero(H, W);
  for (int a = 0; a < kh; ++a)
    for (int b = 0; b < kw; ++b) {
      const int i = r + a - kh / 2, j = c + b - kw / 2;
      if (i >= 0 && i < H && j >= 0 && j < W) window(i, j) = kernel(a, b);  // outside: padding zeros
    }
  return window;
}

Mat conv2d_same(const Mat& image, const Mat& kernel, Trace* trace) {
  require_kernel(kernel);
  require_finite(image, "image");
  const int H = static_cast<int>(image.rows()), W = static_cast<int>(image.cols());
  const int kh = static_cast<int>(kernel.rows()), kw = static_cast<int>(kernel.cols());
  Mat out = Mat::Zero(H, W);
  for (int r = 0; r < H; ++r)
    for (int c = 0; c < W; ++c)
      for (int a = 0; a < kh; ++a)
        for (int b = 0; b < kw; ++b) {
          const int i = r + a - kh / 2, j = c + b - kw / 2;
          if (i >= 0 && i < H && j >= 0 && j < W) out(r, c) += kernel(a, b) * image(i, j);
        }
  record(trace, "conv2d", "Convolution", "out(r,c) = sum_ab kernel(a,b) image(r+a-1, c+b-1)")
      .in("image", image).in("kernel", kernel).out("convolution", out);
  return out;
}

Mat conv2d_as_matrix(int H, int W, const Mat& kernel) {
  Mat A(H * W, H * W);
  for (int r = 0; r < H; ++r)
    for (int c = 0; c < W; ++c) {
      const Mat window = conv2d_window(H, W, kernel, r, c);
      // row t = r W + c of A is the window, flattened row by row
      A.row(r * W + c) = Eigen::Map<const Vec>(window.data(), H * W);
    }
  return A;
}

Mat conv2d_kernel(const std::string& name) {
  if (name == "mean") return Mat::Constant(3, 3, 1.0f / 9.0f);
  if (name == "edge") return from_rows({{-1, -1, -1}, {-1, 8, -1}, {-1, -1, -1}});
  if (name == "vertical") return from_rows({{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}});
  if (name == "identity") return from_rows({{0, 0, 0}, {0, 1, 0}, {0, 0, 0}});
  throw Error("unknown kernel '" + name + "' (mean, edge, vertical, identity)");
}

}  // namespace vp
