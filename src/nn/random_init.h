// Seeded random numbers that are the same on every platform, for the playground's fixed
// (untrained) weights and the "random" presets. std::mt19937's output sequence is fixed by
// the standard, but std::uniform_real_distribution is not (libstdc++ natively and libc++ in
// the WASM build differ), so the conversion to floats is done here.
#pragma once
#include <cstdint>
#include <random>

#include "nn/params.h"

namespace vp {

class SeededRandom {
 public:
  explicit SeededRandom(uint32_t seed) : engine_(seed) {}
  float uniform(float lo, float hi);  // [lo, hi)
  int integer(int lo, int hi);        // [lo, hi], both ends included

 private:
  std::mt19937 engine_;
};

// [rows, cols] with entries uniform in [lo, hi)
Mat random_uniform(int rows, int cols, float lo, float hi, uint32_t seed);
// [rows, cols] with whole numbers in [lo, hi], like the article's hand-made matrices
Mat random_integers(int rows, int cols, int lo, int hi, uint32_t seed);

// A visitor for visit_params(): matrices get Xavier-uniform values
// U(-sqrt(6 / (fan_in + fan_out)), +...), vectors named "*weight" (LayerNorm gains) get 1 and
// other vectors (biases) get 0. Every parameter draws from one generator in visiting order,
// so the same seed and the same model always give the same weights.
ParamVisitor seeded_init(uint32_t seed);

}  // namespace vp
