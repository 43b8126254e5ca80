// What a ViT learned about images, read off its weights as pictures (Dosovitskiy et al. 2020,
// figure 7): the patch-embedding filters, and how similar the position embeddings are.
#pragma once
#include "nn/patch_embedding.h"

namespace vp {

// Filter d of the patch embedding as a picture: row d of W [D, C*P*P] laid out as [C*P, P]
// (channel planes stacked by rows, like an image). Throws vp::Error for d out of range.
Mat patch_filter(const PatchEmbedding& p, int d);

// The first `count` filters as one picture, tiles in rows of `per_row` separated by one NaN
// line (drawn as a gap): each tile is the filter's mean over the channels [P, P] divided by its
// largest magnitude, so every filter spans [-1, 1] (a colour filter as three separate planes is
// hard to read). [rows (P+1) - 1, per_row (P+1) - 1], rows = ceil(count / per_row).
Mat filter_mosaic(const PatchEmbedding& p, int count, int per_row);

// Cosine similarity of every patch's position embedding with every other's, class token left
// out: pos_embedding [S+1, D] -> [S, S],  sim(i, j) = p_i . p_j / (|p_i| |p_j|)
Mat position_similarity(const Mat& pos_embedding);

// The paper's picture of it: an g x g mosaic of g x g tiles, tile i = row i of the similarity
// on the patch grid, tiles separated by one NaN line (drawn as a gap): [g(g+1)-1, g(g+1)-1].
Mat similarity_mosaic(const Mat& similarity, int grid);

}  // namespace vp
