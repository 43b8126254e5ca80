#include "formats/image_preprocess.h"

#include <algorithm>
#include <cmath>

namespace vp {

namespace {

// The digit and clothing recipes end at 28 pixels: working on a copy whose longer side is at
// most this many pixels keeps a 40-megapixel photo cheap and changes nothing the model sees.
constexpr int kWorkingSide = 512;
// Below this difference between the background and the brightest ink the image is blank.
constexpr float kMinContrast = 0.08f;
// Digits: after stretching the ink to 0..1, values under this are paper texture and noise.
constexpr float kInkFloor = 0.2f;
// Digits: pixels at least this bright (after the floor) bound the crop.
constexpr float kInkCrop = 0.35f;
// Clothing: pixels differing from the background by more than this bound the trim
// (Fashion-MNIST trimmed at 5 % of the corner colour).
constexpr float kTrimDistance = 0.05f;

void add_stage(Preprocessed& out, const char* id, const char* title, const Mat& pixels, int channels = 1,
               float lo = 0, float hi = 1) {
  out.stages.push_back({id, title, channels, pixels, lo, hi});
}

// One plane [H, W] in 0..1 of an RGBA image composited over white: which = 0, 1, 2 for R, G, B,
// or -1 for luma.
Mat rgba_plane(const RgbaImage& image, int which) {
  Mat plane(image.height, image.width);
  const uint8_t* p = image.rgba.data();
  for (int r = 0; r < image.height; ++r)
    for (int c = 0; c < image.width; ++c, p += 4) {
      const float alpha = p[3] / 255.0f;
      auto over_white = [&](int k) { return (p[k] / 255.0f) * alpha + (1.0f - alpha); };
      plane(r, c) = which >= 0 ? over_white(which)
                               : 0.299f * over_white(0) + 0.587f * over_white(1) + 0.114f * over_white(2);
    }
  return plane;
}

// The median of the pixels on the four edges: the background's level.
float border_median(const Mat& plane) {
  std::vector<float> edge;
  const long H = plane.rows(), W = plane.cols();
  for (long c = 0; c < W; ++c) edge.insert(edge.end(), {plane(0, c), plane(H - 1, c)});
  for (long r = 1; r + 1 < H; ++r) edge.insert(edge.end(), {plane(r, 0), plane(r, W - 1)});
  auto middle = edge.begin() + static_cast<long>(edge.size() / 2);
  std::nth_element(edge.begin(), middle, edge.end());
  return *middle;
}

struct Box {
  int top = 0, left = 0, height = 0, width = 0;
};

// The smallest box holding every pixel where keep(value) holds; height 0 when there is none.
template <class Keep>
Box bounding_box(const Mat& plane, Keep keep) {
  int top = static_cast<int>(plane.rows()), bottom = -1, left = static_cast<int>(plane.cols()), right = -1;
  for (int r = 0; r < plane.rows(); ++r)
    for (int c = 0; c < plane.cols(); ++c)
      if (keep(plane(r, c))) {
        top = std::min(top, r), bottom = std::max(bottom, r);
        left = std::min(left, c), right = std::max(right, c);
      }
  if (bottom < 0) return {};
  return {top, left, bottom - top + 1, right - left + 1};
}

// The size that fits an h x w picture into a side x side box, keeping its aspect.
std::pair<int, int> fit_size(long h, long w, int side) {
  const double scale = static_cast<double>(side) / static_cast<double>(std::max(h, w));
  return {std::max(1, static_cast<int>(std::lround(h * scale))), std::max(1, static_cast<int>(std::lround(w * scale)))};
}

// Luma of the image, shrunk so its longer side is at most kWorkingSide.
Mat working_gray(const RgbaImage& image) {
  Mat gray = rgba_plane(image, -1);
  if (std::max(image.width, image.height) <= kWorkingSide) return gray;
  const auto [h, w] = fit_size(image.height, image.width, kWorkingSide);
  return resize_plane(gray, h, w);
}

// Grayscale, then a light background turned dark: the first stages of both MNIST recipes.
// Returns the plane and its background level, both after any inversion.
std::pair<Mat, float> light_on_dark(const RgbaImage& image, Preprocessed& out) {
  Mat gray = working_gray(image);
  add_stage(out, "grayscale", "Grayscale", gray);
  float background = border_median(gray);
  if (background > 0.5f) {
    gray = Mat::Ones(gray.rows(), gray.cols()) - gray;
    background = 1.0f - background;
    out.inverted = true;
    add_stage(out, "inverted", "Light background inverted", gray);
  }
  if (gray.maxCoeff() - background < kMinContrast && background - gray.minCoeff() < kMinContrast)
    throw Error("the image is blank: no ink or object stands out from its background");
  return {gray, background};
}

// (x - mean) / std per channel; the normalised stage is shown over the range it spans.
void normalise(Mat& planes, int channels, const PreprocessSpec& spec, Preprocessed& out) {
  const long H = planes.rows() / channels;
  for (int c = 0; c < channels; ++c) {
    const float mean = spec.mean.size() == 1 ? spec.mean[0] : spec.mean[c];
    const float std = spec.std.size() == 1 ? spec.std[0] : spec.std[c];
    planes.middleRows(c * H, H) = (planes.middleRows(c * H, H).array() - mean) / std;
  }
  const float lo = std::min(planes.minCoeff(), 0.0f), hi = std::max(planes.maxCoeff(), 1.0f);
  add_stage(out, "normalised", "Normalised: (x - mean) / std", planes, channels, lo, hi);
  out.input = planes;
}

Preprocessed mnist_digit(const RgbaImage& image, const PreprocessSpec& spec) {
  Preprocessed out;
  auto [gray, background] = light_on_dark(image, out);

  // ink from 0 (paper) to 1 (the darkest stroke), paper texture and noise under the floor dropped
  const float peak = gray.maxCoeff();
  if (peak - background < kMinContrast) throw Error("the image is blank: no ink darker than the paper");
  Mat ink = ((gray.array() - background) / (peak - background) - kInkFloor).max(0.0f) / (1.0f - kInkFloor);
  ink = ink.cwiseMin(1.0f);
  add_stage(out, "ink", "Ink stretched to 0..1", ink);

  const Box box = bounding_box(ink, [](float v) { return v >= kInkCrop; });
  const Mat cropped = ink.block(box.top, box.left, box.height, box.width);
  add_stage(out, "cropped", "Cropped to the ink", cropped);

  // MNIST: the digit fitted into 20x20 (of 28x28), strokes as bright as the brightest
  const int box_side = static_cast<int>(std::lround(spec.image_size * 20.0 / 28.0));
  const auto [h, w] = fit_size(box.height, box.width, box_side);
  Mat fitted = resize_plane(cropped, h, w);
  fitted /= std::max(fitted.maxCoeff(), 1e-6f);
  add_stage(out, "fitted", "Fitted into 20x20", fitted);

  // the centre of mass moved to the centre of the canvas (kept whole inside it)
  const int N = spec.image_size;
  const auto [cy, cx] = centre_of_mass(fitted);
  const int top = std::clamp(static_cast<int>(std::lround(N / 2.0 - cy)), 0, N - h);
  const int left = std::clamp(static_cast<int>(std::lround(N / 2.0 - cx)), 0, N - w);
  Mat centred = Mat::Zero(N, N);
  centred.block(top, left, h, w) = fitted;
  add_stage(out, "centred", "Centred by mass in 28x28", centred);

  normalise(centred, 1, spec, out);
  return out;
}

Preprocessed fashion(const RgbaImage& image, const PreprocessSpec& spec) {
  Preprocessed out;
  auto [gray, background] = light_on_dark(image, out);

  // trim what is close to the background, then the background to 0
  const Box box = bounding_box(gray, [bg = background](float v) { return std::abs(v - bg) > kTrimDistance; });
  if (box.height == 0) throw Error("the image is blank: nothing stands out from its background");
  Mat object = ((gray.array() - background) / (1.0f - background)).max(0.0f).min(1.0f);
  add_stage(out, "ink", "Object light on dark", object);
  const Mat cropped = object.block(box.top, box.left, box.height, box.width);
  add_stage(out, "cropped", "Background trimmed", cropped);

  // longest edge to the model's size, centred on the canvas
  const int N = spec.image_size;
  const auto [h, w] = fit_size(box.height, box.width, N);
  Mat centred = Mat::Zero(N, N);
  centred.block((N - h) / 2, (N - w) / 2, h, w) = resize_plane(cropped, h, w);
  add_stage(out, "centred", "Fitted into 28x28", centred);

  normalise(centred, 1, spec, out);
  return out;
}

Preprocessed imagenet(const RgbaImage& image, const PreprocessSpec& spec) {
  Preprocessed out;
  const int C = spec.channels, N = spec.image_size;
  // torchvision's Resize(s): the shorter side becomes s, the longer keeps the aspect (truncated)
  const int shorter = std::max(N, static_cast<int>(std::lround(N / spec.crop_fraction)));
  const long H = image.height, W = image.width;
  const int out_h = H <= W ? shorter : static_cast<int>(shorter * H / W);
  const int out_w = H <= W ? static_cast<int>(shorter * W / H) : shorter;
  // channel by channel, so a large photo never exists as C float planes at full size
  Mat resized(C * out_h, out_w);
  for (int c = 0; c < C; ++c) resized.middleRows(c * out_h, out_h) = resize_plane(rgba_plane(image, C == 1 ? -1 : c), out_h, out_w);
  add_stage(out, "resized", "Shorter side resized", resized, C);

  // CenterCrop(N): offsets rounded as torchvision does
  const int top = static_cast<int>(std::lround((out_h - N) / 2.0)), left = static_cast<int>(std::lround((out_w - N) / 2.0));
  Mat cropped(C * N, N);
  for (int c = 0; c < C; ++c) cropped.middleRows(c * N, N) = resized.block(c * out_h + top, left, N, N);
  add_stage(out, "cropped", "Centre crop", cropped, C);

  normalise(cropped, C, spec, out);
  return out;
}

// PIL's precompute_coeffs for the bilinear (triangle) filter: output pixel i covers the input
// around (i + 0.5) * scale; when shrinking, the triangle widens by the scale (antialiasing).
// Output i = sum_k weights[k] * input[first + k].
struct ResampleTap {
  long first = 0;
  Vec weights;
};

std::vector<ResampleTap> resample_taps(long in, int out) {
  const double scale = static_cast<double>(in) / out, filter_scale = std::max(scale, 1.0);
  const double support = 1.0 * filter_scale;  // the triangle's half-width is 1 input pixel, widened
  std::vector<ResampleTap> taps(out);
  for (int i = 0; i < out; ++i) {
    const double centre = (i + 0.5) * scale;
    const long first = std::max(0L, static_cast<long>(centre - support + 0.5));
    const long last = std::min(in, static_cast<long>(centre + support + 0.5));
    Vec w(std::max(0L, last - first));
    for (long j = first; j < last; ++j)
      w[j - first] = static_cast<float>(std::max(0.0, 1.0 - std::abs((j - centre + 0.5) / filter_scale)));
    const float total = w.sum();
    if (total > 0) w /= total;
    taps[i] = {first, std::move(w)};
  }
  return taps;
}

void check_spec(const PreprocessSpec& spec) {
  if (spec.channels != 1 && spec.channels != 3)
    throw Error("preprocessing makes 1 (grayscale) or 3 (RGB) channels, not " + std::to_string(spec.channels));
  if (spec.image_size < 4 || spec.image_size > 1024)
    throw Error("preprocessing: model image size " + std::to_string(spec.image_size) + " is outside 4..1024");
  for (const auto* values : {&spec.mean, &spec.std})
    if (values->size() != 1 && values->size() != static_cast<size_t>(spec.channels))
      throw Error("preprocessing: mean and std need 1 or " + std::to_string(spec.channels) + " values");
  for (float s : spec.std)
    if (!(s > 0) || !std::isfinite(s)) throw Error("preprocessing: std must be positive");
  for (float m : spec.mean)
    if (!std::isfinite(m)) throw Error("preprocessing: mean must be finite");
  if (!(spec.crop_fraction > 0.1f && spec.crop_fraction <= 1.0f))
    throw Error("preprocessing: crop_fraction must be in (0.1, 1]");
  if (spec.recipe != "imagenet" && spec.channels != 1)
    throw Error("preprocessing recipe '" + spec.recipe + "' makes grayscale images (1 channel)");
}

}  // namespace

const char* known_preprocess_recipes() { return "mnist-digit, fashion, imagenet"; }

Mat rgba_to_planes(const RgbaImage& image, int channels) {
  if (channels == 1) return rgba_plane(image, -1);
  Mat planes(3 * image.height, image.width);
  for (int c = 0; c < 3; ++c) planes.middleRows(c * image.height, image.height) = rgba_plane(image, c);
  return planes;
}

Mat resize_plane(const Mat& plane, int out_h, int out_w) {
  if (out_h < 1 || out_w < 1 || plane.rows() < 1 || plane.cols() < 1)
    throw Error("resize: sizes must be at least 1 pixel");
  // horizontal pass first, then vertical, as PIL does
  const std::vector<ResampleTap> across = resample_taps(plane.cols(), out_w);
  Mat wide(plane.rows(), out_w);  // [H, out_w]
  for (long r = 0; r < plane.rows(); ++r)
    for (int i = 0; i < out_w; ++i) wide(r, i) = plane.row(r).segment(across[i].first, across[i].weights.size()).dot(across[i].weights);
  const std::vector<ResampleTap> down = resample_taps(plane.rows(), out_h);
  Mat out(out_h, out_w);  // [out_h, out_w]
  for (int i = 0; i < out_h; ++i) {
    out.row(i).setZero();
    for (long k = 0; k < down[i].weights.size(); ++k) out.row(i) += down[i].weights[k] * wide.row(down[i].first + k);
  }
  return out;
}

Mat resize_planes(const Mat& planes, int channels, int out_h, int out_w) {
  const long H = planes.rows() / channels;
  Mat out(channels * out_h, out_w);
  for (int c = 0; c < channels; ++c) out.middleRows(c * out_h, out_h) = resize_plane(planes.middleRows(c * H, H), out_h, out_w);
  return out;
}

std::pair<double, double> centre_of_mass(const Mat& plane) {
  double mass = 0, row = 0, col = 0;
  for (int r = 0; r < plane.rows(); ++r)
    for (int c = 0; c < plane.cols(); ++c) {
      const double v = plane(r, c);
      mass += v, row += v * (r + 0.5), col += v * (c + 0.5);
    }
  if (!(mass > 0)) throw Error("centre of mass of an empty image");
  return {row / mass, col / mass};
}

Preprocessed preprocess_image(const RgbaImage& image, const PreprocessSpec& spec) {
  check_image_size(image.width, image.height);
  const size_t expected = static_cast<size_t>(image.width) * static_cast<size_t>(image.height) * 4;
  if (image.rgba.size() != expected)
    throw Error("image: " + std::to_string(image.rgba.size()) + " bytes of RGBA for " + std::to_string(image.width) +
                "x" + std::to_string(image.height) + " pixels, expected " + std::to_string(expected));
  check_spec(spec);
  if (spec.recipe == "mnist-digit") return mnist_digit(image, spec);
  if (spec.recipe == "fashion") return fashion(image, spec);
  if (spec.recipe == "imagenet") return imagenet(image, spec);
  throw Error("unknown preprocessing '" + spec.recipe + "' (known: " + known_preprocess_recipes() + ")");
}

}  // namespace vp
