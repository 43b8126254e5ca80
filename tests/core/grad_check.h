// Test helpers for backward passes: finite differences, and PyTorch fixtures
// (tests/fixtures/grad/, written by tests/make_grad_fixtures.py).
#pragma once
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "nn/params.h"
#include "formats/safetensors.h"

namespace gradcheck {

using vp::Mat;

// Uniform numbers in [lo, hi) from a fixed seed, the same natively and in WASM
// (std::uniform_real_distribution differs between standard libraries).
class Random {
 public:
  explicit Random(uint32_t seed) : engine_(seed) {}
  float uniform(float lo, float hi) { return lo + (hi - lo) * static_cast<float>(engine_() >> 8) / 16777216.0f; }
  Mat mat(long rows, long cols, float scale = 1.0f) {
    Mat m(rows, cols);
    for (long i = 0; i < m.size(); ++i) m.data()[i] = uniform(-scale, scale);
    return m;
  }
  // every parameter of a module, uniform in [-scale, scale)
  template <class Module>
  void fill(Module& m, float scale) {
    visit_params(m, "", [&](const vp::ParamRef& p) {
      for (int64_t i = 0; i < p.numel(); ++i) p.data[i] = uniform(-scale, scale);
    });
  }

 private:
  std::mt19937 engine_;
};

// A tensor to check: its values (perturbed in place) and the analytic gradient.
struct Checked {
  std::string name;
  float* value;
  const float* grad;
  int64_t size;
};

// Every parameter of m with its gradient in grad (same names, same order).
template <class Module>
std::vector<Checked> params_of(Module& m, Module& grad) {
  std::vector<Checked> out;
  visit_params(m, "", [&](const vp::ParamRef& p) { out.push_back({p.name, p.data, nullptr, p.numel()}); });
  size_t i = 0;
  visit_params(grad, "", [&](const vp::ParamRef& g) {
    REQUIRE(i < out.size());
    REQUIRE(out[i].name == g.name);
    REQUIRE(out[i].size == g.numel());
    out[i++].grad = g.data;
  });
  REQUIRE(i == out.size());
  return out;
}

inline Checked input(const std::string& name, Mat& x, const Mat& dx) {
  REQUIRE(x.size() == dx.size());
  return {name, x.data(), dx.data(), x.size()};
}

// sum_ij y_ij g_ij in double: a scalar loss whose gradient with respect to y is g.
inline double dot(const Mat& y, const Mat& g) { return y.cast<double>().cwiseProduct(g.cast<double>()).sum(); }

// Double-sided finite differences, (L(v + h) - L(v - h)) / 2h, for every entry of every tensor,
// against the analytic gradient: |fd - grad| <= tol * max(max |grad| over the tensor, 1).
// Forward passes run in float, so h cannot be tiny: with h = 1e-2 the rounding error of L
// (about 1e-6) becomes ~1e-4 in fd and the truncation error (h^2/6 L''') is of the same order.
// The worst case measured over these tests is 8e-5; tol = 1e-3 leaves a margin of ten.
inline void check_finite_differences(const std::vector<Checked>& tensors, const std::function<double()>& loss,
                                     double tol = 1e-3, float h = 1e-2f) {
  for (const Checked& t : tensors) {
    double largest = 1.0, worst = 0.0;
    for (int64_t i = 0; i < t.size; ++i) largest = std::max(largest, std::fabs(double(t.grad[i])));
    for (int64_t i = 0; i < t.size; ++i) {
      const float saved = t.value[i];
      t.value[i] = saved + h;
      const double up = loss();
      t.value[i] = saved - h;
      const double down = loss();
      t.value[i] = saved;
      const double fd = (up - down) / (2.0 * double(h));
      worst = std::max(worst, std::fabs(fd - t.grad[i]));
    }
    INFO("finite differences: " << t.name << " worst |fd - grad| / max(|grad|, 1) = " << worst / largest);
    CHECK(worst <= tol * largest);
  }
}

// Finite differences for one layer with one input, under the loss sum(y .* g):
//   forward(m, x, cache*) -> y,   backward(m, cache, dy, grad*) -> dx   (grad: m's shapes)
// checks every parameter and every entry of x.
template <class Cache, class Module, class Forward, class Backward>
void check_layer_fd(Module& m, Mat& x, const Mat& g, Forward forward, Backward backward) {
  Cache cache;
  forward(m, x, &cache);
  Module grad = vp::zeros_like(m);
  const Mat dx = backward(m, cache, g, &grad);
  std::vector<Checked> tensors = params_of(m, grad);
  tensors.push_back(input("x", x, dx));
  check_finite_differences(tensors, [&] { return dot(forward(m, x, nullptr), g); });
}

// ---- PyTorch fixtures ----------------------------------------------------------------------

// One file of tests/fixtures/grad/: weights, inputs, y.grad, and the expected y, x.grad, NAME.grad.
struct Fixture {
  vp::TensorMap tensors;
  vp::TensorMetadata metadata;

  explicit Fixture(const std::string& name) {
    tensors = vp::read_safetensors(std::string(VITPLAY_SOURCE_DIR) + "/tests/fixtures/grad/" + name + ".safetensors",
                                   &metadata);
  }
  const vp::Tensor& at(const std::string& name) const {
    auto it = tensors.find(name);
    INFO("tensor " << name);
    REQUIRE(it != tensors.end());
    return it->second;
  }
  // As a matrix: the last dimension is the columns, all the others the rows
  // ([n] -> [1, n], [1, n, d] -> [n, d], an image [C, H, W] -> [C*H, W]).
  Mat mat(const std::string& name) const {
    const vp::Tensor& t = at(name);
    const long cols = t.shape.empty() ? 1 : static_cast<long>(t.shape.back());
    const long rows = static_cast<long>(t.data.size()) / cols;
    return Eigen::Map<const Mat>(t.data.data(), rows, cols);
  }
  float number(const std::string& key) const { return std::stof(metadata.at(key)); }
};

// Loads every parameter the module visits from the fixture, requiring PyTorch's exact shapes.
template <class Module>
void load_params(Module& m, const Fixture& f) {
  visit_params(m, "", [&](const vp::ParamRef& p) {
    const vp::Tensor& t = f.at(p.name);
    INFO("parameter " << p.name);
    REQUIRE(t.shape == p.shape);
    std::copy(t.data.begin(), t.data.end(), p.data);
  });
}

// max |got - expected| <= tol * max |expected|
inline double relative_error(const float* got, const float* expected, int64_t n) {
  double largest = 0, worst = 0;
  for (int64_t i = 0; i < n; ++i) {
    largest = std::max(largest, std::fabs(double(expected[i])));
    worst = std::max(worst, std::fabs(double(got[i]) - double(expected[i])));
  }
  return largest > 0 ? worst / largest : worst;
}

inline void check_close(const Mat& got, const Fixture& f, const std::string& name, double tol) {
  const Mat expected = f.mat(name);
  INFO(name);
  REQUIRE(got.rows() * got.cols() == expected.size());
  const double err = relative_error(got.data(), expected.data(), expected.size());
  INFO("max |C++ - PyTorch| / max |PyTorch| = " << err);
  CHECK(err <= tol);
}

// Every parameter's gradient against the fixture's NAME.grad.
template <class Module>
void check_param_grads(Module& grad, const Fixture& f, double tol) {
  visit_params(grad, "", [&](const vp::ParamRef& g) {
    const vp::Tensor& t = f.at(g.name + ".grad");
    INFO(g.name << ".grad");
    REQUIRE(t.shape == g.shape);
    const double err = relative_error(g.data, t.data.data(), g.numel());
    INFO("max |C++ - PyTorch| / max |PyTorch| = " << err);
    CHECK(err <= tol);
  });
}

// The same kind of layer against a fixture: y, x.grad and every NAME.grad, m's weights loaded
// from the file.
template <class Cache, class Module, class Forward, class Backward>
void check_layer_parity(const std::string& fixture, Module m, Forward forward, Backward backward, double tol) {
  Fixture f(fixture);
  load_params(m, f);
  Cache cache;
  check_close(forward(m, f.mat("x"), &cache), f, "y", tol);
  Module grad = vp::zeros_like(m);
  check_close(backward(m, cache, f.mat("y.grad"), &grad), f, "x.grad", tol);
  check_param_grads(grad, f, tol);
}

}  // namespace gradcheck
