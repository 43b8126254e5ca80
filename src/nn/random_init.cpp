#include "nn/random_init.h"

#include <cmath>
#include <memory>

namespace vp {

float SeededRandom::uniform(float lo, float hi) {
  // 24 random bits: exactly representable in a float, so the result is the same everywhere
  const float unit = static_cast<float>(engine_() >> 8) * (1.0f / 16777216.0f);
  return lo + (hi - lo) * unit;
}

int SeededRandom::integer(int lo, int hi) {
  const uint32_t span = static_cast<uint32_t>(hi - lo) + 1;
  return lo + static_cast<int>(engine_() % span);  // the tiny modulo bias does not matter here
}

Mat random_uniform(int rows, int cols, float lo, float hi, uint32_t seed) {
  SeededRandom rng(seed);
  Mat m(rows, cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) m(r, c) = rng.uniform(lo, hi);
  return m;
}

Mat random_integers(int rows, int cols, int lo, int hi, uint32_t seed) {
  SeededRandom rng(seed);
  Mat m(rows, cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) m(r, c) = static_cast<float>(rng.integer(lo, hi));
  return m;
}

ParamVisitor seeded_init(uint32_t seed) {
  auto rng = std::make_shared<SeededRandom>(seed);  // shared: the visitor is copied around
  return [rng](const ParamRef& p) {
    const int64_t n = p.numel();
    if (p.shape.size() == 2) {
      // PyTorch layout [out, in]
      const float bound = std::sqrt(6.0f / static_cast<float>(p.shape[0] + p.shape[1]));
      for (int64_t i = 0; i < n; ++i) p.data[i] = rng->uniform(-bound, bound);
    } else {
      const bool gain = p.name.size() >= 6 && p.name.compare(p.name.size() - 6, 6, "weight") == 0;
      for (int64_t i = 0; i < n; ++i) p.data[i] = gain ? 1.0f : 0.0f;
    }
  };
}

}  // namespace vp
