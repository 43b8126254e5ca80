// A ViT forward pass run stage by stage, keeping what the ViT scene draws: the patches, the
// embeddings, every layer's attention and the class probabilities. The engine runs a heavy
// model (ViT-B: 12 layers over 197 tokens) one layer per step and sends each stage as soon as
// it is computed (lessons/vit_worker.h); interventions (vit_interventions.h) apply.
//
//   start:  patches, E = patches W^T + b, z_0 = [class_token; E] + pos_embedding
//   step:   z_l = encoder layer l (z_{l-1})   (one call per layer), then the head:
//           logits = head(LayerNorm(pooled z_L)),  p = softmax(logits)
#pragma once
#include <utility>
#include <vector>

#include "models/vit.h"
#include "models/vit_interventions.h"

namespace vp {

struct VitRun {
  Mat patches;                              // [S, C*P*P]
  Mat embedded;                             // [S, D]    E
  Mat z0;                                   // [S+1, D]
  std::vector<std::vector<Mat>> attention;  // [layer][head]: [S+1, S+1] softmax weights
  Mat z;                                    // [S+1, D]  after the layers run so far
  Mat logits;                               // [1, classes], empty until the head has run
  Mat probabilities;                        // [1, classes]

  int layers_done() const { return static_cast<int>(attention.size()); }
  bool finished() const { return logits.size() > 0; }
};

// image: [C*H, W] (preprocessed). Throws vp::Error if it does not match the model.
VitRun vit_run_start(const Vit& v, const Mat& image);
// Runs the next layer, or the head once every layer has run. Returns true once finished.
bool vit_run_step(const Vit& v, const VitInterventions& iv, VitRun& run);
// All stages at once.
VitRun vit_run(const Vit& v, const Mat& image, const VitInterventions& iv);

// The k most probable classes, most probable first: (class index, probability).
std::vector<std::pair<int, float>> top_classes(const Mat& probabilities, int k);

}  // namespace vp
