// A convolution, and the same convolution as a fixed, local attention matrix.
#include <catch2/catch.hpp>

#include "nn/conv2d.h"
#include "lessons/grid_attention.h"

using vp::Mat;

// The reference: pad the image with zeros, then slide the kernel over it.
static Mat naive_conv_same(const Mat& image, const Mat& kernel) {
  const int ph = int(kernel.rows()) / 2, pw = int(kernel.cols()) / 2;
  Mat padded = Mat::Zero(image.rows() + 2 * ph, image.cols() + 2 * pw);
  padded.block(ph, pw, image.rows(), image.cols()) = image;
  Mat out(image.rows(), image.cols());
  for (int r = 0; r < image.rows(); ++r)
    for (int c = 0; c < image.cols(); ++c)
      out(r, c) = padded.block(r, c, kernel.rows(), kernel.cols()).cwiseProduct(kernel).sum();
  return out;
}

static Mat test_image() {
  Mat img(5, 6);
  for (int r = 0; r < 5; ++r)
    for (int c = 0; c < 6; ++c) img(r, c) = float((r * 7 + c * 3) % 5) - 1.5f;
  return img;
}

TEST_CASE("conv2d matches zero-padded sliding, without flipping the kernel", "[conv2d]") {
  Mat img = test_image();
  Mat kernel = vp::from_rows({{1, 2, 0}, {0, -1, 0}, {3, 0, 0.5f}});  // not symmetric: a flip would show
  CHECK(vp::conv2d_same(img, kernel).isApprox(naive_conv_same(img, kernel)));
  Mat wide = vp::from_rows({{1, 0, -2, 0, 1}});
  CHECK(vp::conv2d_same(img, wide).isApprox(naive_conv_same(img, wide)));
  // by hand: cross-correlation puts kernel(0, 0) on the upper-left neighbour
  Mat dot = Mat::Zero(3, 3);
  dot(1, 1) = 1;
  CHECK(vp::conv2d_same(dot, kernel)(2, 2) == 1);  // kernel(0,0) sits on (1,1) when centred at (2,2)
  CHECK(vp::conv2d_same(dot, kernel)(0, 0) == 0.5f);
}

TEST_CASE("conv2d: known kernels", "[conv2d]") {
  Mat ones = Mat::Ones(4, 4);
  Mat blur = vp::conv2d_same(ones, vp::conv2d_kernel("mean"));
  CHECK(blur(1, 1) == Approx(1));
  CHECK(blur(0, 0) == Approx(4.0 / 9));
  CHECK(blur(0, 1) == Approx(6.0 / 9));
  CHECK(vp::conv2d_same(test_image(), vp::conv2d_kernel("identity")) == test_image());
  CHECK(vp::conv2d_same(ones, vp::conv2d_kernel("edge"))(2, 2) == 0);
  CHECK_THROWS_AS(vp::conv2d_kernel("sharpen"), vp::Error);
  CHECK_THROWS_AS(vp::conv2d_same(ones, Mat::Ones(2, 2)), vp::Error);
}

TEST_CASE("conv2d as a matrix: A vec(image) = vec(conv(image)), rows are the windows", "[conv2d]") {
  Mat img = test_image();
  Mat kernel = vp::from_rows({{1, 2, 0}, {0, -1, 0}, {3, 0, 0.5f}});
  Mat A = vp::conv2d_as_matrix(5, 6, kernel);
  REQUIRE(A.rows() == 30);
  Mat out = vp::grid_unflatten(A * vp::grid_flatten(img), 5, 6);
  CHECK(out.isApprox(vp::conv2d_same(img, kernel)));
  for (int r = 0; r < 5; ++r)
    for (int c = 0; c < 6; ++c) {
      Mat window = vp::conv2d_window(5, 6, kernel, r, c);
      CHECK(vp::grid_row_image(A, r * 6 + c, 5, 6) == window);
      // zero outside the 3x3 neighbourhood: the window is local
      for (int i = 0; i < 5; ++i)
        for (int j = 0; j < 6; ++j)
          if (std::abs(i - r) > 1 || std::abs(j - c) > 1) CHECK(window(i, j) == 0);
    }
  CHECK(vp::conv2d_window(5, 6, kernel, 2, 2)(1, 1) == 1);
  CHECK_THROWS_AS(vp::conv2d_window(5, 6, kernel, 5, 0), vp::Error);
}
