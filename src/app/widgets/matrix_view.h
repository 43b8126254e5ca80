// The matrix view: the one way every scene shows a matrix. Cells are coloured by value on
// the GPU (heatmap.h: shaders/colormap.glsl), numbers on top in black or white by the cell's
// brightness, row/column labels, a colour legend, outlined rows/columns/cells for what feeds
// the current step, and a tooltip per cell explaining how it was computed.
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "app/widgets/heatmap.h"
#include "nn/tensor.h"

namespace vp::app {

struct NumberFormat {
  int decimals = 2;         // digits after the point (of the mantissa when scientific)
  bool scientific = false;  // 6.3379e-02, as the article prints its softmax
  bool trim_zeros = false;  // 1.50 -> 1.5, 2.00 -> 2 (hand-typed inputs read like the article)
};
// -inf prints as "-inf" (masked scores).
std::string format_number(float value, const NumberFormat& format);

struct MatrixViewOptions {
  std::vector<std::string> row_labels;  // e.g. tokens; default "0", "1", ...
  std::vector<std::string> col_labels;  // e.g. dims; default "0", "1", ...
  std::vector<int> highlight_rows;      // outlined: they feed the current step
  std::vector<int> highlight_cols;
  std::vector<std::pair<int, int>> highlight_cells;  // (row, col)
  ColorMap color_map = ColorMap::diverging;
  float range_min = 0, range_max = 0;   // colour range; equal = from the values (diverging: +-max|v|)
  NumberFormat format;
  float cell_width = 0;                 // 0 = fit the numbers; else unscaled pixels
  bool show_numbers = true;             // false: colours only (big matrices)
  bool show_legend = true;
  // Text for a cell's tooltip (e.g. "q_1 . k_2 = 1*0 + 0*1 + 2*1 = 2"); empty = none.
  std::function<std::string(int row, int col)> explain;
};

// A cell of a matrix view; row < 0 means none.
struct CellRef {
  int row = -1, col = -1;
  bool valid() const { return row >= 0; }
};

// Read-only view; returns the hovered cell. `title` is shown above the grid with the shape,
// e.g. "Q [3, 3]", and is the view's ImGui id (PushID to show one title twice).
CellRef matrix_view(const char* title, const Mat& m, const MatrixViewOptions& options = {});

// Editable view: click a cell, type, Enter (Esc cancels). Returns true on the frame a cell
// changed (m is updated in place). Unparsable, NaN, Inf or out-of-range (|v| > 1000) input
// is refused with a message under the grid, and the old value is kept.
bool matrix_edit(const char* title, Mat& m, const MatrixViewOptions& options = {});

// Size the view will take (for laying out several side by side); pass the title when it
// may be wider than the grid.
ImVec2 matrix_view_size(const Mat& m, const MatrixViewOptions& options = {}, const char* title = nullptr);

// Calls ImGui::SameLine() if an item `next_width` wide still fits on the current line, so
// rows of matrices wrap on narrow windows instead of being cut off.
void same_line_if_fits(float next_width);

// The next matrix view, on the same line if it fits (else wrapped below).
void matrix_view_beside(const char* title, const Mat& m, const MatrixViewOptions& options);

// "0", "1", ..., "n-1": labels for rows or columns numbered from 0.
std::vector<std::string> index_labels(int n);

// Parses a typed number ("1.5", "-2", "3e-2", " 0,5 "). Returns "" and sets *value, or says
// why the text was refused.
std::string parse_cell_value(const std::string& text, float* value);

}  // namespace vp::app
