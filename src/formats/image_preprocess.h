// Preprocessing: from an image as the user gave it (any size, aspect, colours) to the input a
// ViT was trained on, every stage kept as an image so the UI can show it instead of hiding it.
//
//   "mnist-digit"  the MNIST recipe (LeCun et al.): grayscale, ink light on dark (a light
//                  background is inverted), crop to the ink, fit a 20x20 box keeping the aspect,
//                  put the centre of mass at the centre of 28x28, then (x - mean) / std
//   "fashion"      the Fashion-MNIST recipe (Xiao et al. 2017): grayscale, trim the background,
//                  object light on dark, longest edge fitted to 28, centred in 28x28
//   "imagenet"     torchvision's Resize(256) + CenterCrop(224) + Normalize(mean, std) scaled to
//                  the model's size: shorter side to size / crop_fraction, centre crop, per channel
//
// Resampling is PIL's antialiased bilinear (a triangle filter widened by the shrink factor), so a
// 4000-pixel photo shrinks without aliasing. Transparent pixels are composited over white.
#pragma once
#include <string>
#include <vector>

#include "formats/image.h"
#include "nn/tensor.h"

namespace vp {

struct PreprocessSpec {
  std::string recipe = "mnist-digit";  // "mnist-digit" | "fashion" | "imagenet"
  int image_size = 28;                 // the model's H = W
  int channels = 1;                    // 1: grayscale (luma), 3: RGB
  std::vector<float> mean{0.0f};       // one per channel, or one for all
  std::vector<float> std{1.0f};
  float crop_fraction = 0.875f;        // imagenet: crop / resized shorter side (224 / 256)
};

// "mnist-digit, fashion, imagenet"
const char* known_preprocess_recipes();

// One stage as an image: pixels [C*h, w], channel planes stacked by rows like the model input.
struct PreprocessStage {
  std::string id;      // "grayscale", "inverted", "ink", "cropped", "fitted", "centred", "resized", "normalised"
  std::string title;   // English; the UI translates by id
  int channels = 1;
  Mat pixels;          // [C*h, w]
  float lo = 0, hi = 1;  // the value range to display (normalised stages go beyond 0..1)
};

struct Preprocessed {
  Mat input;                            // [C*H, W], what vit_forward takes
  std::vector<PreprocessStage> stages;  // in order; the last is the model input
  bool inverted = false;                // a light background was turned dark
};

// Throws vp::Error for an empty, too small or too large image (formats/image.h limits), an RGBA
// buffer of the wrong length, an unknown recipe, a bad spec, or an image with nothing on it
// (a uniform colour: no ink to crop to).
Preprocessed preprocess_image(const RgbaImage& image, const PreprocessSpec& spec);

// ---- the building blocks, also used by the tests ----

// [C*H, W] in 0..1: C = 1 gives luma (0.299 R + 0.587 G + 0.114 B, ITU-R 601 as PIL's "L"),
// C = 3 gives the R, G, B planes; alpha is composited over white.
Mat rgba_to_planes(const RgbaImage& image, int channels);

// One plane [H, W] -> [out_h, out_w], PIL's antialiased bilinear resampling.
Mat resize_plane(const Mat& plane, int out_h, int out_w);
// Each of the C planes of [C*H, W] resized -> [C*out_h, out_w].
Mat resize_planes(const Mat& planes, int channels, int out_h, int out_w);

// The centre of mass (row, col) of a plane of non-negative values, pixel centres at +0.5
// (so a single lit pixel (r, c) has its mass at (r + 0.5, c + 0.5)). Throws if the plane is all 0.
std::pair<double, double> centre_of_mass(const Mat& plane);

}  // namespace vp
