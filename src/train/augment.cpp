#include "train/augment.h"

#include <cmath>

namespace vp {

Mat random_affine(const Mat& image, int channels, const AugmentConfig& c, SeededRandom& rng) {
  const int H = static_cast<int>(image.rows()) / channels, W = static_cast<int>(image.cols());
  const float angle = rng.uniform(-c.max_rotation_deg, c.max_rotation_deg) * 3.14159265f / 180.0f;
  const float scale = rng.uniform(1 - c.max_scale, 1 + c.max_scale);
  const float shear = rng.uniform(-c.max_shear, c.max_shear);
  const float tx = rng.uniform(-c.max_shift, c.max_shift), ty = rng.uniform(-c.max_shift, c.max_shift);

  // Inverse map: for each output pixel p, sample the input at A^-1 (p - centre - t) + centre,
  // with A = scale * rotation * shear.
  const float cs = std::cos(angle) * scale, sn = std::sin(angle) * scale;
  const float a00 = cs, a01 = cs * shear - sn, a10 = sn, a11 = sn * shear + cs;
  const float det = a00 * a11 - a01 * a10;
  const float i00 = a11 / det, i01 = -a01 / det, i10 = -a10 / det, i11 = a00 / det;
  const float cx = (W - 1) * 0.5f, cy = (H - 1) * 0.5f;

  Mat out = Mat::Zero(image.rows(), image.cols());
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x) {
      const float dx = x - cx - tx, dy = y - cy - ty;
      const float sx = i00 * dx + i01 * dy + cx, sy = i10 * dx + i11 * dy + cy;
      const int x0 = static_cast<int>(std::floor(sx)), y0 = static_cast<int>(std::floor(sy));
      const float fx = sx - x0, fy = sy - y0;
      for (int ch = 0; ch < channels; ++ch) {
        auto at = [&](int yy, int xx) {
          return (xx < 0 || yy < 0 || xx >= W || yy >= H) ? 0.0f : image(ch * H + yy, xx);
        };
        out(ch * H + y, x) = (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) +
                             fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1));
      }
    }
  return out;
}

}  // namespace vp
