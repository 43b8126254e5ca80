#include "app/widgets/line_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace vp::app {

namespace {

// One point per pixel column: the mean of the points falling into it.
std::vector<ImVec2> per_pixel(const std::vector<ImVec2>& points, float x_max, float width) {
  if (points.size() <= static_cast<size_t>(width)) return points;
  std::vector<ImVec2> out;
  const float per_column = x_max / width;
  size_t i = 0;
  while (i < points.size()) {
    const float column = std::floor(points[i].x / per_column);
    double sx = 0, sy = 0;
    int n = 0;
    for (; i < points.size() && std::floor(points[i].x / per_column) == column; ++i, ++n) sx += points[i].x, sy += points[i].y;
    out.push_back(ImVec2(static_cast<float>(sx / n), static_cast<float>(sy / n)));
  }
  return out;
}

}  // namespace

void line_chart(const char* id, const char* title, const std::vector<ChartSeries>& series, const ChartAxes& axes,
                ImVec2 size) {
  ImGui::PushID(id);
  ImGui::TextUnformatted(title);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("chart", size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float font = ImGui::GetFontSize();
  // room for the y labels on the left and the x labels below
  const ImVec2 p0(origin.x + 3.2f * font, origin.y + 0.4f * font);
  const ImVec2 p1(origin.x + size.x - 0.6f * font, origin.y + size.y - 1.4f * font);
  const float w = std::max(1.0f, p1.x - p0.x), h = std::max(1.0f, p1.y - p0.y);
  const float x_max = std::max(axes.x_max, 1e-6f), y_span = std::max(axes.y_max - axes.y_min, 1e-6f);
  auto to_screen = [&](ImVec2 v) {
    const float y = std::clamp(v.y, axes.y_min, axes.y_max);
    return ImVec2(p0.x + v.x / x_max * w, p1.y - (y - axes.y_min) / y_span * h);
  };
  const ImU32 grid = IM_COL32(128, 128, 128, 50), text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  draw->AddRectFilled(p0, p1, IM_COL32(0, 0, 0, 60));
  char label[32];
  for (int t = 0; t <= 4; ++t) {  // y ticks
    const float y = axes.y_min + y_span * t / 4.0f;
    const ImVec2 s = to_screen(ImVec2(0, y));
    draw->AddLine(ImVec2(p0.x, s.y), ImVec2(p1.x, s.y), grid);
    std::snprintf(label, sizeof label, axes.y_format, y * axes.y_scale);
    const ImVec2 ts = ImGui::CalcTextSize(label);
    draw->AddText(ImVec2(p0.x - ts.x - 0.3f * font, s.y - ts.y / 2), text, label);
  }
  for (int t = 0; t <= 4; ++t) {  // x ticks, whole numbers
    const float x = std::round(x_max * t / 4.0f);
    const ImVec2 s = to_screen(ImVec2(x, axes.y_min));
    draw->AddLine(ImVec2(s.x, p0.y), ImVec2(s.x, p1.y), grid);
    std::snprintf(label, sizeof label, "%.0f", x);
    const ImVec2 ts = ImGui::CalcTextSize(label);
    draw->AddText(ImVec2(std::min(s.x - ts.x / 2, p1.x - ts.x), p1.y + 0.2f * font), text, label);
  }
  if (axes.reference_y >= axes.y_min && axes.reference_y <= axes.y_max) {
    const float y = to_screen(ImVec2(0, axes.reference_y)).y;
    for (float x = p0.x; x < p1.x; x += 8) draw->AddLine(ImVec2(x, y), ImVec2(std::min(x + 4, p1.x), y), IM_COL32(255, 190, 60, 200));
  }
  draw->PushClipRect(p0, p1, true);
  for (const ChartSeries& s : series) {
    const std::vector<ImVec2> pts = per_pixel(s.points, x_max, w);
    std::vector<ImVec2> screen;
    for (const ImVec2& v : pts) screen.push_back(to_screen(v));
    if (screen.size() >= 2) draw->AddPolyline(screen.data(), static_cast<int>(screen.size()), s.color, 0, 2.0f);
    if (s.markers)
      for (const ImVec2& v : screen) draw->AddCircleFilled(v, 3.5f, s.color);
  }
  draw->PopClipRect();
  if (hovered) {  // the nearest point of each series to the pointer's x
    const float x = (ImGui::GetIO().MousePos.x - p0.x) / w * x_max;
    std::string tip;
    for (const ChartSeries& s : series) {
      if (s.points.empty()) continue;
      const auto it = std::min_element(s.points.begin(), s.points.end(), [&](const ImVec2& a, const ImVec2& b) {
        return std::abs(a.x - x) < std::abs(b.x - x);
      });
      char value[32];
      std::snprintf(value, sizeof value, axes.y_format, it->y * axes.y_scale);
      tip += (tip.empty() ? "" : "\n") + s.label + " @ " + std::to_string(static_cast<int>(it->x)) + ": " + value;
      draw->AddCircle(to_screen(*it), 5.0f, s.color, 0, 1.5f);
    }
    if (!tip.empty()) ImGui::SetTooltip("%s", tip.c_str());
  }
  ImGui::PopID();
}

}  // namespace vp::app
