// GPU heatmaps: a matrix uploaded as a float texture and drawn through a colour map in a
// fragment shader (shaders/colormap.glsl + shaders/heatmap.frag.glsl), for matrices too big
// for numbers (positional-encoding tables, attention maps) and as the matrix view's cells.
#pragma once
#include <imgui.h>

#include "app/widgets/matrix_view.h"

namespace vp::app {

// Draws m stretched over `size` pixels at the cursor (nearest sampling: one block per
// entry) and advances the cursor; values outside [lo, hi] are clamped.
// Returns the hovered entry through hover_row/hover_col (-1 when not hovered).
void heatmap(const char* id, const Mat& m, ImVec2 size, ColorMap map, float lo, float hi,
             int* hover_row = nullptr, int* hover_col = nullptr);

// A horizontal colour bar from lo to hi with its end values.
void colormap_legend(ColorMap map, float lo, float hi, float width);

// The same colour the shader gives t in [0, 1] (for lines and text drawn by ImGui).
ImU32 colormap_color(ColorMap map, float t);

}  // namespace vp::app
