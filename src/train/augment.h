// Data augmentation for small image sets: a random affine warp (rotation, scale, shear,
// shift) per training image. With only 8,000 digits, a ViT has no built-in notion that a
// digit moved by two pixels is the same digit (a CNN's locality gives it that for free):
// augmentation is how it learns it, the article's point about ViT needing data.
#pragma once
#include "nn/random_init.h"

namespace vp {

struct AugmentConfig {
  float max_rotation_deg = 10;  // uniform in [-r, r]
  float max_scale = 0.1f;       // scale uniform in [1 - s, 1 + s]
  float max_shear = 0.1f;
  float max_shift = 2;          // pixels, uniform in [-t, t] on each axis
  bool enabled() const { return max_rotation_deg > 0 || max_scale > 0 || max_shear > 0 || max_shift > 0; }
};

// image: [C*H, W] (channels stacked by rows) -> the same shape, warped about its centre with
// bilinear sampling; pixels from outside the image are 0 (background).
Mat random_affine(const Mat& image, int channels, const AugmentConfig& config, SeededRandom& rng);

}  // namespace vp
