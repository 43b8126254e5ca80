#include "models/vit_run.h"

#include <algorithm>
#include <numeric>

#include "nn/softmax.h"

namespace vp {

VitRun vit_run_start(const Vit& v, const Mat& image) {
  const VitConfig& c = v.config;
  require_shape(image, c.channels * c.image_size, c.image_size, "ViT image [C*H, W]");
  VitRun run;
  PatchEmbeddingCache patches;
  run.embedded = patch_embedding_forward(v.conv_proj, image, nullptr, &patches);  // [S, D]
  run.patches = std::move(patches.patches);                                       // [S, C*P*P]
  run.z0.resize(run.embedded.rows() + 1, c.dim);  // z_0 = [class_token; E] + pos_embedding
  run.z0 << v.class_token, run.embedded;
  run.z0 += v.pos_embedding;
  run.z = run.z0;
  return run;
}

bool vit_run_step(const Vit& v, const VitInterventions& iv, VitRun& run) {
  if (run.finished()) return true;
  const int l = run.layers_done();
  if (l < static_cast<int>(v.layers.size())) {
    // the layer itself (not a copy: ViT-B's is 28 MB), or its intervened copy, and the
    // occlusion mask when patches are occluded
    EncoderLayer intervened;
    const EncoderLayer& layer = iv.edits_layer(l) ? (intervened = intervened_layer(v.layers[l], iv, l)) : v.layers[l];
    const Mat mask = occlusion_mask(iv, static_cast<int>(run.z.rows()));
    EncoderLayerCache cache;
    run.z = encoder_layer_forward(layer, run.z, iv.occluded_count() ? &mask : nullptr, nullptr, &cache);
    run.attention.push_back(std::move(cache.self_attn.weights));
    return false;
  }
  // logits = head(LayerNorm(pooled)): the class token, or the mean of the patch tokens
  const Mat& z = run.z;
  const Mat pooled = v.config.pooling == VitPooling::mean_patches ? Mat(z.bottomRows(z.rows() - 1).colwise().mean())
                                                                  : Mat(z.topRows(1));  // [1, D]
  run.logits = linear_forward(v.head, layernorm_forward(v.ln, pooled));                // [1, classes]
  run.probabilities = softmax_rows(run.logits);
  return true;
}

VitRun vit_run(const Vit& v, const Mat& image, const VitInterventions& iv) {
  VitRun run = vit_run_start(v, image);
  while (!vit_run_step(v, iv, run)) {
  }
  return run;
}

std::vector<std::pair<int, float>> top_classes(const Mat& probabilities, int k) {
  std::vector<int> order(probabilities.size());
  std::iota(order.begin(), order.end(), 0);
  k = std::clamp(k, 0, static_cast<int>(order.size()));
  std::partial_sort(order.begin(), order.begin() + k, order.end(),
                    [&](int a, int b) { return probabilities(a) > probabilities(b); });
  std::vector<std::pair<int, float>> top;
  for (int i = 0; i < k; ++i) top.emplace_back(order[i], probabilities(order[i]));
  return top;
}

}  // namespace vp
