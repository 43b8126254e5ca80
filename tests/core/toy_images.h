// Toy image data for training tests: two classes of 8x8 images told apart by which half is
// bright, plus uniform noise — small enough for a ViT to learn in a few steps.
#pragma once
#include <cstdint>

#include "train/image_dataset.h"
#include "nn/random_init.h"

enum class BrightHalf { left_or_right, top_or_bottom };

// Label 0: the first half (left / top) is bright; label 1: the other. Pixel = bright or 0,
// plus an integer drawn from [0, noise].
inline vp::ImageDataset bright_half_images(int n, uint32_t seed, BrightHalf split, int bright, int noise) {
  vp::SeededRandom rng(seed);
  vp::ImageDataset set;
  set.height = set.width = 8;
  for (int i = 0; i < n; ++i) {
    const int label = i % 2;
    for (int y = 0; y < 8; ++y)
      for (int x = 0; x < 8; ++x) {
        const bool first_half = split == BrightHalf::left_or_right ? x < 4 : y < 4;
        set.pixels.push_back(static_cast<uint8_t>((first_half == (label == 0) ? bright : 0) + rng.integer(0, noise)));
      }
    set.labels.push_back(label);
  }
  return set;
}
