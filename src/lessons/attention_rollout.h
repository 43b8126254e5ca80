// A ViT's attention read as maps over the image's patch grid.
//
// Attention rollout (Abnar & Zuidema 2020, "Quantifying Attention Flow in Transformers"):
// attention alone ignores the residual connection, which carries each token on unchanged, so
// each layer's head-averaged attention A_l is mixed with the identity and the layers are chained:
//
//   A~_l = 0.5 A_l + 0.5 I   (rows renormalised)          [n, n]
//   R    = A~_L A~_{L-1} ... A~_1                          [n, n]
//
// Row 0 of R, over columns 1..S, says how much each patch flowed into the class token.
#pragma once
#include <vector>

#include "models/vit_interventions.h"

namespace vp {

// attention[l][h]: layer l, head h, [n, n] (softmax rows). A switched-off head is left out of
// its layer's average, a switched-off layer is the identity (only the residual passes).
// Throws vp::Error for an empty list or mismatched shapes.
Mat attention_rollout(const std::vector<std::vector<Mat>>& attention, const VitInterventions* iv = nullptr);

// The entries of row `token` of an [S+1, S+1] attention matrix for the S patches (column 0,
// the class token, left out), laid out on the grid_h x grid_w patch grid: what `token` attends to.
Mat attention_row_grid(const Mat& attention, int token, int grid_h, int grid_w);
// Column `token` the same way: how much each patch attends to `token`.
Mat attention_column_grid(const Mat& attention, int token, int grid_h, int grid_w);

}  // namespace vp
