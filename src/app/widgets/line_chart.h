// A small line chart drawn with ImGui's draw list: axes with a few labelled ticks, one or
// more series, and the nearest point's value when hovered. Long series (thousands of
// training steps) are drawn as one averaged point per pixel column.
#pragma once
#include <string>
#include <vector>

#include <imgui.h>

namespace vp::app {

struct ChartSeries {
  std::string label;             // shown in the hover tooltip
  std::vector<ImVec2> points;    // (x, y), x ascending
  ImU32 color = IM_COL32(90, 170, 255, 255);
  bool markers = false;          // dots at the points (few points: one per epoch)
};

struct ChartAxes {
  float x_max = 1;               // x runs from 0
  float y_min = 0, y_max = 1;
  const char* y_format = "%.2f";  // tick and tooltip format
  float y_scale = 1;             // tick labels show y * y_scale (100 for percentages)
  float reference_y = -1;        // a dashed horizontal line (a target), < y_min for none
};

// Draws `title` above a chart of `size` pixels at the cursor and advances the cursor.
void line_chart(const char* id, const char* title, const std::vector<ChartSeries>& series, const ChartAxes& axes,
                ImVec2 size);

}  // namespace vp::app
