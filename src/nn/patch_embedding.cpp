#include "nn/patch_embedding.h"

namespace vp {

PatchEmbedding patch_embedding_zeros(int channels, int patch_size, int dim) {
  return {channels, patch_size, linear_zeros(channels * patch_size * patch_size, dim)};
}

void visit_params(PatchEmbedding& p, const std::string& prefix, const ParamVisitor& fn) {
  const int64_t P = p.patch_size;
  visit_param(join_name(prefix, "weight"), p.proj.weight, {p.proj.weight.rows(), p.channels, P, P}, fn);
  visit_param(join_name(prefix, "bias"), p.proj.bias, fn);
}

namespace {
// Patch s = (gy, gx) of a (C, H, W) image is C*P runs of P pixels: for channel c and patch row i
// the run at image row c*H + gy*P + i, columns gx*P.., is patch entries (c*P + i)*P...
// fn(s, patch_col, image_row, image_col) is called for each run.
template <class Fn>
void for_each_patch_run(int C, int H, int W, int P, Fn fn) {
  const int grid_w = W / P, count = (H / P) * grid_w;
  for (int s = 0; s < count; ++s) {
    const int gy = s / grid_w, gx = s % grid_w;
    for (int c = 0; c < C; ++c)
      for (int i = 0; i < P; ++i) fn(s, (c * P + i) * P, c * H + gy * P + i, gx * P);
  }
}
}  // namespace

Mat image_to_patches(const Mat& image, int channels, int patch_size) {
  const int C = channels, P = patch_size;
  if (C < 1 || P < 1) throw Error("patches need at least one channel and a patch size of at least 1");
  if (image.rows() % C != 0)
    throw Error("image has " + std::to_string(image.rows()) + " rows, not a multiple of " + std::to_string(C) +
                " channels");
  const int H = static_cast<int>(image.rows()) / C, W = static_cast<int>(image.cols());
  if (H % P != 0 || W % P != 0)
    throw Error("image of " + std::to_string(H) + " x " + std::to_string(W) + " pixels does not divide into " +
                std::to_string(P) + " x " + std::to_string(P) + " patches");
  Mat patches((H / P) * (W / P), C * P * P);
  for_each_patch_run(C, H, W, P, [&](int s, int patch_col, int image_row, int image_col) {
    patches.row(s).segment(patch_col, P) = image.row(image_row).segment(image_col, P);
  });
  return patches;
}

Mat patches_to_image(const Mat& patches, int channels, int height, int width, int patch_size) {
  const int P = patch_size;
  Mat image(channels * height, width);
  for_each_patch_run(channels, height, width, P, [&](int s, int patch_col, int image_row, int image_col) {
    image.row(image_row).segment(image_col, P) = patches.row(s).segment(patch_col, P);
  });
  return image;
}

Mat patch_embedding_forward(const PatchEmbedding& p, const Mat& image, Trace* trace, PatchEmbeddingCache* cache) {
  return patch_embedding_forward(p, image, 1, trace, cache);
}

Mat patch_embedding_forward(const PatchEmbedding& p, const Mat& images, int count, Trace* trace,
                            PatchEmbeddingCache* cache) {
  if (count < 1 || images.rows() % count != 0)
    throw Error("patch embedding: " + std::to_string(images.rows()) + " rows do not split into " +
                std::to_string(count) + " images");
  const Eigen::Index image_rows = images.rows() / count;
  Mat patches;  // [N*S, C*P*P]: each image's patches, image after image
  for (int b = 0; b < count; ++b) {
    const Mat one = image_to_patches(images.middleRows(b * image_rows, image_rows), p.channels, p.patch_size);
    if (b == 0) patches.resize(count * one.rows(), one.cols());
    patches.middleRows(b * one.rows(), one.rows()) = one;
  }
  Mat E = linear_forward(p.proj, patches);  // [N*S, D]
  record(trace, "patches", "Cut into patches", "one P x P patch (all channels) per row").in("image", images)
      .out("patches", patches);
  record(trace, "patch_embedding", "Patch embedding", "E = patches W^T + b").in("patches", patches)
      .in("W", p.proj.weight).out("E", E);
  if (cache)
    *cache = {std::move(patches), static_cast<int>(image_rows) / p.channels, static_cast<int>(images.cols()), count};
  return E;
}

Mat patch_embedding_backward(const PatchEmbedding& p, const PatchEmbeddingCache& cache, const Mat& dE,
                             PatchEmbedding* grad) {
  // forward: E = linear_forward(p.proj, patches)
  const Mat dpatches = linear_backward(p.proj, cache.patches, dE, &grad->proj);  // [N*S, C*P*P]
  // forward: patches = image_to_patches(image): every pixel lands in exactly one patch entry
  // (stride = kernel), so its gradient is that entry's, put back in place, image by image
  const Eigen::Index S = dpatches.rows() / cache.images, image_rows = p.channels * cache.height;
  Mat dimages(cache.images * image_rows, cache.width);
  for (int b = 0; b < cache.images; ++b)
    dimages.middleRows(b * image_rows, image_rows) =
        patches_to_image(dpatches.middleRows(b * S, S), p.channels, cache.height, cache.width, p.patch_size);
  return dimages;
}

}  // namespace vp
