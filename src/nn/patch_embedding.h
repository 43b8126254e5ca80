// ViT's patch embedding: cut the image into P x P patches and project each to a D-vector.
// torchvision does it with a convolution of kernel P and stride P (conv_proj); with stride =
// kernel the patches do not overlap, so the convolution is one matrix product:
//
//   patches = im2col(image)                 [S, C*P*P]   one flattened patch per row
//   E = patches W^T + b                     [S, D]       W = conv weight [D, C, P, P] as [D, C*P*P]
//
// Images are PyTorch's (C, H, W) in memory, held as a [C*H, W] matrix: the C channel planes
// stacked by rows (a grey image is just its H x W pixels). Patches go row by row over the
// (H/P) x (W/P) grid, which is the order of torchvision's flatten(2).
#pragma once
#include "nn/linear.h"
#include "nn/trace.h"

namespace vp {

struct PatchEmbedding {
  int channels = 1;
  int patch_size = 1;
  Linear proj;  // weight [D, C*P*P], bias [D]
};

PatchEmbedding patch_embedding_zeros(int channels, int patch_size, int dim);
// torchvision names: "<prefix>.weight" with shape [D, C, P, P], "<prefix>.bias"
void visit_params(PatchEmbedding& p, const std::string& prefix, const ParamVisitor& fn);

// image: [C*H, W] -> [S, C*P*P], S = (H/P)(W/P); column c*P*P + i*P + j of patch (gy, gx)
// is pixel (c, gy*P + i, gx*P + j), the layout of the conv weight's [C, P, P].
// Throws vp::Error unless P divides H and W.
Mat image_to_patches(const Mat& image, int channels, int patch_size);
// The adjoint (col2im): puts every patch entry back at its pixel. [S, C*P*P] -> [C*H, W]
Mat patches_to_image(const Mat& patches, int channels, int height, int width, int patch_size);

// What the backward pass needs from the forward.
struct PatchEmbeddingCache {
  Mat patches;  // [N*S, C*P*P]
  int height = 0, width = 0;  // of one image
  int images = 1;             // N
};

// image: [C*H, W] -> E: [S, D]
Mat patch_embedding_forward(const PatchEmbedding& p, const Mat& image, Trace* trace = nullptr,
                            PatchEmbeddingCache* cache = nullptr);
// A batch: `count` images stacked by rows, [N*C*H, W] -> E: [N*S, D], image after image; the
// projection is one matrix product over all N*S patches.
Mat patch_embedding_forward(const PatchEmbedding& p, const Mat& images, int count, Trace* trace,
                            PatchEmbeddingCache* cache);
// dE: [S, D] -> dimage: [C*H, W] (a batch: [N*S, D] -> [N*C*H, W]); adds dW, db into grad.
Mat patch_embedding_backward(const PatchEmbedding& p, const PatchEmbeddingCache& cache, const Mat& dE,
                             PatchEmbedding* grad);

}  // namespace vp
