// GPU heatmaps: a matrix uploaded as an R32F texture (one texel per entry, NEAREST sampling)
// and coloured by the fragment shader shaders/heatmap.frag.glsl through the colour maps of
// shaders/colormap.glsl, rendered into a small RGBA8 texture that ImGui draws stretched.
// Used by the matrix view for its cells, and alone for matrices too big for numbers
// (positional-encoding tables, attention maps). GL 3.3 core and WebGL2 alike.
#pragma once
#include <imgui.h>

#include "nn/tensor.h"

namespace vp::app {

// Textures larger than this a side are refused rather than uploaded: heatmaps and pictures
// alike.
constexpr int kMaxTextureSide = 4096;

enum class ColorMap {
  diverging,   // blue - grey - red, centred on 0 (weights, activations)
  sequential,  // dark purple - yellow (probabilities, attention weights, 0..1)
};

// The colours of m as a texture for ImGui (ImDrawList::AddImage, ImGui::Image): one texel
// per entry, values clamped to [lo, hi], NaN/Inf (masked scores) dark grey. `id` keys the
// GPU resources (ImGui's ID stack applies); the texture is valid until the next frame.
// Returns null if the GPU path failed (the message is printed once to stderr) or m has more
// than kMaxTextureSide rows or columns.
ImTextureID heatmap_texture(const char* id, const Mat& m, ColorMap map, float lo, float hi);

// Draws m stretched over `size` pixels at the cursor (one block per entry) and advances the
// cursor. Returns the hovered entry through hover_row/hover_col (-1 when not hovered).
void heatmap(const char* id, const Mat& m, ImVec2 size, ColorMap map, float lo, float hi,
             int* hover_row = nullptr, int* hover_col = nullptr);

// A horizontal colour bar, `width` pixels wide, with lo and hi printed at its ends.
void colormap_legend(ColorMap map, float lo, float hi, float width);

// The colour the shader gives t in [0, 1] (read back from the GPU once), for text and lines.
ImU32 colormap_color(ColorMap map, float t);

}  // namespace vp::app
