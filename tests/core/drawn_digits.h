// A digit as a photo of one would be: dark ink on white paper, for the ViT tests.
#pragma once
#include <cstdint>
#include <vector>

#include "formats/image.h"

// A "7" on 40x40 white paper: a bar and a stem.
inline vp::RgbaImage seven_on_paper() {
  vp::RgbaImage image{40, 40, std::vector<uint8_t>(40 * 40 * 4, 255)};
  auto ink = [&](int r, int c) {
    for (int k = 0; k < 3; ++k) image.rgba[(r * 40 + c) * 4 + k] = 0;
  };
  for (int c = 8; c < 32; ++c)
    for (int r = 6; r < 10; ++r) ink(r, c);
  for (int r = 10; r < 34; ++r)
    for (int w = 0; w < 4; ++w) ink(r, 28 - (r - 10) / 2 + w);
  return image;
}
