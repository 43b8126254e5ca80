#include "models/vit.h"

namespace vp {

void validate(const VitConfig& c) {
  auto positive = [](int value, const char* name) {
    if (value < 1) throw Error(std::string("ViT ") + name + " must be at least 1, got " + std::to_string(value));
  };
  positive(c.image_size, "image_size");
  positive(c.patch_size, "patch_size");
  positive(c.channels, "channels");
  positive(c.dim, "dim");
  positive(c.depth, "depth");
  positive(c.heads, "heads");
  positive(c.mlp_dim, "mlp_dim");
  positive(c.num_classes, "num_classes");
  if (c.image_size % c.patch_size != 0)
    throw Error("ViT image_size " + std::to_string(c.image_size) + " is not divisible by patch_size " +
                std::to_string(c.patch_size));
  if (c.dim % c.heads != 0)
    throw Error("ViT dim " + std::to_string(c.dim) + " is not divisible by " + std::to_string(c.heads) + " heads");
  if (!(c.eps > 0.0f)) throw Error("ViT eps must be positive");
}

Vit vit_zeros(const VitConfig& c) {
  validate(c);
  Vit v;
  v.config = c;
  v.conv_proj = patch_embedding_zeros(c.channels, c.patch_size, c.dim);
  v.class_token = Mat::Zero(1, c.dim);
  v.pos_embedding = Mat::Zero(c.num_patches() + 1, c.dim);
  const EncoderLayerConfig layer{c.dim, c.heads, c.mlp_dim, Activation::gelu, /*norm_first=*/true, c.eps};
  v.layers.assign(c.depth, encoder_layer_zeros(layer));
  v.ln = layernorm_identity(c.dim, c.eps);
  v.head = linear_zeros(c.dim, c.num_classes);
  return v;
}

namespace {
std::string layer_name(const std::string& prefix, size_t i) {
  return join_name(prefix, "encoder.layers.encoder_layer_" + std::to_string(i));
}
}  // namespace

void visit_params(Vit& v, const std::string& prefix, const ParamVisitor& fn) {
  const int64_t D = v.config.dim;
  visit_param(join_name(prefix, "class_token"), v.class_token, {1, 1, D}, fn);
  visit_params(v.conv_proj, join_name(prefix, "conv_proj"), fn);
  visit_param(join_name(prefix, "encoder.pos_embedding"), v.pos_embedding, {1, v.pos_embedding.rows(), D}, fn);
  for (size_t i = 0; i < v.layers.size(); ++i) {
    EncoderLayer& l = v.layers[i];
    const std::string name = layer_name(prefix, i);
    visit_params(l.norm1, join_name(name, "ln_1"), fn);
    visit_params(l.self_attn, join_name(name, "self_attention"), fn);
    visit_params(l.norm2, join_name(name, "ln_2"), fn);
    visit_params(l.ff, join_name(name, "mlp.0"), join_name(name, "mlp.3"), fn);
  }
  visit_params(v.ln, join_name(prefix, "encoder.ln"), fn);
  visit_params(v.head, join_name(prefix, "heads.head"), fn);
}

Mat vit_forward(const Vit& v, const Mat& image, Trace* trace) { return vit_forward(v, image, trace, nullptr); }

Mat vit_forward(const Vit& v, const Mat& image, Trace* trace, VitCache* cache) {
  const VitConfig& c = v.config;
  const Eigen::Index image_rows = c.channels * c.image_size;
  if (image.cols() != c.image_size || image.rows() < image_rows || image.rows() % image_rows != 0)
    throw Error("ViT image [C*H, W] (or N of them stacked, [N*C*H, W]): expected [" + std::to_string(image_rows) +
                ", " + std::to_string(c.image_size) + "], got " + shape_str(image));
  const int n = static_cast<int>(image.rows() / image_rows);  // N images
  const Eigen::Index S = c.num_patches(), T = S + 1;          // patches and tokens per image
  const Mat E = patch_embedding_forward(v.conv_proj, image, n, trace, cache ? &cache->patches : nullptr);  // [N*S, D]

  // z_0 = [class_token; E] + pos_embedding     [S+1, D] per image, [N*(S+1), D] in all
  Mat z(n * T, c.dim);
  for (int b = 0; b < n; ++b) {
    z.row(b * T) = v.class_token;
    z.middleRows(b * T + 1, S) = E.middleRows(b * S, S);
    z.middleRows(b * T, T) += v.pos_embedding;
  }
  record(trace, "embeddings", "Class token and positions", "z_0 = [class_token; E] + pos_embedding")
      .in("E", E).in("pos_embedding", v.pos_embedding).out("z_0", z);

  if (cache) cache->layers.resize(v.layers.size());
  for (size_t i = 0; i < v.layers.size(); ++i) {
    TraceScope scope(trace, "encoder.layers.encoder_layer_" + std::to_string(i));
    z = encoder_layer_forward(v.layers[i], z, n, nullptr, trace, cache ? &cache->layers[i] : nullptr);
  }

  // the final LayerNorm works on each token alone, and only the pooled token's reaches the head
  const bool mean_pooled = c.pooling == VitPooling::mean_patches;
  Mat pooled(n, c.dim);  // [N, D]
  for (int b = 0; b < n; ++b)
    pooled.row(b) = mean_pooled ? Vec(z.middleRows(b * T + 1, S).colwise().mean()) : Vec(z.row(b * T));
  Mat cls = layernorm_forward(v.ln, pooled, cache ? &cache->ln : nullptr);  // [N, D]
  Mat logits = linear_forward(v.head, cls);                                 // [N, classes]
  record(trace, "head", "Classification head",
         mean_pooled ? "logits = LayerNorm(mean_{i>0} z[i]) W^T + b" : "logits = LayerNorm(z[0]) W^T + b")
      .in(mean_pooled ? "mean of the patch tokens" : "class token", cls)
      .out("logits", logits);
  if (cache) cache->cls = std::move(cls);
  return logits;
}

Mat vit_backward(const Vit& v, const VitCache& cache, const Mat& dlogits, Vit* grad) {
  const Eigen::Index n = cache.cls.rows(), S = v.config.num_patches(), T = S + 1;
  // forward: logits = linear_forward(v.head, cls)
  const Mat dcls = linear_backward(v.head, cache.cls, dlogits, &grad->head);  // [N, D]
  // forward: cls = layernorm_forward(v.ln, pooled)
  const Mat dpooled = layernorm_backward(v.ln, cache.ln, dcls, &grad->ln);  // [N, D]
  Mat dz = Mat::Zero(n * T, v.config.dim);  // [N*(S+1), D]
  for (Eigen::Index b = 0; b < n; ++b) {
    if (v.config.pooling == VitPooling::mean_patches)  // pooled = mean_{i>0} z[i]
      dz.middleRows(b * T + 1, S) = dpooled.row(b).replicate(S, 1) / static_cast<float>(S);
    else  // pooled = z[0]: the other tokens get no gradient
      dz.row(b * T) = dpooled.row(b);
  }
  // forward: z = encoder_layer_forward(v.layers[i], z), i = 0..depth-1
  for (size_t i = v.layers.size(); i-- > 0;)
    dz = encoder_layer_backward(v.layers[i], cache.layers[i], dz, &grad->layers[i]);
  // forward: z = [class_token; E] + pos_embedding, image by image
  Mat dE(n * S, v.config.dim);  // [N*S, D]
  for (Eigen::Index b = 0; b < n; ++b) {
    grad->pos_embedding += dz.middleRows(b * T, T);
    grad->class_token += dz.row(b * T);
    dE.middleRows(b * S, S) = dz.middleRows(b * T + 1, S);
  }
  // forward: E = patch_embedding_forward(v.conv_proj, image)
  return patch_embedding_backward(v.conv_proj, cache.patches, dE, &grad->conv_proj);
}

}  // namespace vp
