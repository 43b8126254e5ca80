// The matrix view: the one way every scene shows a matrix. Cells are coloured by value
// (colour map from shaders/colormap.glsl, drawn on the GPU), numbers on top, row/column
// labels, a colour legend, highlighted rows/columns for what feeds the current step, and
// a tooltip per cell explaining how it was computed.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <imgui.h>

#include "core/tensor.h"

namespace vp::app {

enum class ColorMap {
  diverging,   // blue - white - red, centred on 0 (weights, activations)
  sequential,  // dark - bright (probabilities, attention weights, 0..1)
};

struct MatrixViewOptions {
  std::vector<std::string> row_labels;  // e.g. tokens; default "0", "1", ...
  std::vector<std::string> col_labels;  // e.g. dims
  std::vector<int> highlight_rows;      // drawn with an outline: they feed the current step
  std::vector<int> highlight_cols;
  ColorMap color_map = ColorMap::diverging;
  float range_min = 0, range_max = 0;   // colour range; equal = derived from the values
  int decimals = 2;                     // digits after the point
  float cell_width = 0;                 // 0 = fit the numbers; in unscaled pixels
  bool show_legend = true;
  bool editable = false;                // double-click (or type into) a cell to change it
  // Text for a cell's tooltip (e.g. "q_1 . k_2 = 1*0 + 0*1 + 2*1 = 2"); empty = none.
  std::function<std::string(int row, int col)> explain;
};

// Read-only view. `title` is shown above the grid with the shape, e.g. "Q [3, 3]".
void matrix_view(const char* title, const Mat& m, const MatrixViewOptions& options = {});

// Editable view: returns true on the frame the user changed a cell (m is updated in place).
// Non-finite or unparsable input is refused with a message under the grid; m is kept.
bool matrix_edit(const char* title, Mat& m, MatrixViewOptions options = {});

// Size the view will take (for laying out several side by side).
ImVec2 matrix_view_size(const Mat& m, const MatrixViewOptions& options = {});

}  // namespace vp::app
