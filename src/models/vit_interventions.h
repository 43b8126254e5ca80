// Interventions in a ViT's forward pass: switch off a head, switch off a whole layer's
// attention, or occlude patches, and see what the prediction does without them.
//
//   head h off in layer l:   its slice of Concat(head_1..head_h) no longer reaches W^O, i.e.
//                            MultiHead(x) = sum_{i on} head_i W^O_i + b^O   (W^O_i: its columns)
//   layer l's attention off: the attention branch adds nothing, z = z + 0, then the MLP as usual
//   patch p occluded:        no token may attend to it (its key column masked with -inf in every
//                            layer), so the class token and the other patches never see it: the
//                            same as removing the token from the sequence
#pragma once
#include <vector>

#include "models/encoder_layer.h"

namespace vp {

struct VitInterventions {
  std::vector<std::vector<bool>> heads_off;  // [layer][head]; missing entries are on
  std::vector<bool> attention_off;           // [layer]
  std::vector<bool> patches_occluded;        // [S], the patch grid row by row

  bool head_off(int layer, int head) const;
  bool layer_off(int layer) const;
  bool occluded(int patch) const;
  bool edits_layer(int layer) const;  // its attention or one of its heads is off
  bool any() const;                   // false: the forward pass is the plain one
  int occluded_count() const;
};

// The layer as the intervention runs it: a copy whose output projection has the columns of
// switched-off heads zeroed (all of W^O and b^O when the layer's attention is off).
EncoderLayer intervened_layer(const EncoderLayer& layer, const VitInterventions& iv, int index);

// The additive attention mask [tokens, tokens] (token 0 is the class token, token 1 + p is patch
// p): -inf in the columns of occluded patches, 0 elsewhere.
Mat occlusion_mask(const VitInterventions& iv, int tokens);

}  // namespace vp
