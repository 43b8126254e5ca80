// Vision Transformer (Dosovitskiy et al. 2020), torchvision's VisionTransformer (dropout 0):
//
//   E      = patch_embedding(image)                       [S, D]    S = (H/P)(W/P) patches
//   z_0    = [class_token; E] + pos_embedding             [S+1, D]
//   z_l    = pre-norm encoder layer l (GELU MLP)          [S+1, D]  l = 1..depth
//   logits = head(LayerNorm(z_depth[0]))                  [1, classes]  from the class token
//   (or, pooling = mean_patches as timm's global_pool="avg": head(LayerNorm(mean_i>0 z_depth[i])))
//
// Weights carry torchvision's state_dict names and shapes, so its checkpoints load as they are.
#pragma once
#include <vector>

#include "models/encoder_layer.h"
#include "nn/patch_embedding.h"

namespace vp {

// What the head reads: the class token (torchvision, the ViT paper, HF) or the mean of the
// patch tokens, class token excluded (timm's global_pool="avg" with fc_norm).
enum class VitPooling { class_token, mean_patches };

struct VitConfig {
  int image_size = 28;   // H = W (torchvision's ViT takes square images)
  int patch_size = 7;    // P, divides image_size
  int channels = 1;      // C
  int dim = 64;          // D, hidden_dim
  int depth = 4;         // encoder layers
  int heads = 4;         // divides dim
  int mlp_dim = 128;     // hidden size of each layer's MLP
  int num_classes = 10;
  float eps = 1e-6f;     // LayerNorm eps (torchvision's)
  VitPooling pooling = VitPooling::class_token;
  int num_patches() const { return (image_size / patch_size) * (image_size / patch_size); }
};

// Throws vp::Error naming the first size that is out of range or does not divide.
void validate(const VitConfig& c);

struct Vit {
  VitConfig config;
  PatchEmbedding conv_proj;          // [D, C*P*P] (visited as [D, C, P, P]), [D]
  Mat class_token;                   // [1, D]     (visited as [1, 1, D])
  Mat pos_embedding;                 // [S+1, D]   (visited as [1, S+1, D])
  std::vector<EncoderLayer> layers;  // pre-norm, GELU, eps from the config
  LayerNorm ln;                      // final LayerNorm, [D] (timm's fc_norm when mean-pooled)
  Linear head;                       // [classes, D]
};

// All weights zero, LayerNorm gains one. Throws vp::Error for a bad config.
Vit vit_zeros(const VitConfig& c);
// torchvision names: class_token, conv_proj.*, encoder.pos_embedding,
// encoder.layers.encoder_layer_N.{ln_1, self_attention, ln_2, mlp.0, mlp.3}.*, encoder.ln.*, heads.head.*
void visit_params(Vit& v, const std::string& prefix, const ParamVisitor& fn);

// What the backward pass needs from the forward.
struct VitCache {
  PatchEmbeddingCache patches;
  std::vector<EncoderLayerCache> layers;
  LayerNormCache ln;
  Mat cls;  // [N, D] LayerNorm(z_depth[0]) (or of the patches' mean), the head's input
};

// image: [C*H, W] (see patch_embedding.h) -> logits: [1, classes]; or a batch of N images
// stacked by rows, [N*C*H, W] ((N, C, H, W) in memory) -> logits [N, classes]. A batch runs its
// N*(S+1) tokens through every linear layer as one matrix product (attention per image and
// head), which is what makes training and batched inference fast.
// The trace gets the patches, the embeddings z_0, and each layer's attention weights
// (steps "encoder.layers.encoder_layer_N.self_attn.headK.softmax", the first image's).
Mat vit_forward(const Vit& v, const Mat& image, Trace* trace = nullptr);
// The same forward, also filling cache (when not null).
Mat vit_forward(const Vit& v, const Mat& image, Trace* trace, VitCache* cache);

// dlogits: [N, classes] -> dimage: [N*C*H, W]; adds every weight's gradient (summed over the
// batch) into grad.
Mat vit_backward(const Vit& v, const VitCache& cache, const Mat& dlogits, Vit* grad);

}  // namespace vp
