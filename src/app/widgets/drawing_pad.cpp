#include "app/widgets/drawing_pad.h"

#include <algorithm>
#include <cmath>

#include "app/widgets/image_view.h"
#include "app/widgets/item_rects.h"

namespace vp::app {

namespace {
// MNIST strokes are about 1/8 of the digit's height; a digit drawn across most of the pad
// gets that with a brush of radius 1/18 of the pad.
float brush_radius(const DrawingPad& pad) { return static_cast<float>(pad.ink.cols()) / 18.0f; }
}  // namespace

void pad_stroke(DrawingPad& pad, ImVec2 a, ImVec2 b) {
  const float radius = brush_radius(pad), soft = 1.5f;  // soft edge, like a scanned pen line
  const int n = static_cast<int>(pad.ink.cols());
  const float dx = b.x - a.x, dy = b.y - a.y, length2 = dx * dx + dy * dy;
  const int x0 = std::max(0, static_cast<int>(std::min(a.x, b.x) - radius - soft));
  const int x1 = std::min(n - 1, static_cast<int>(std::max(a.x, b.x) + radius + soft));
  const int y0 = std::max(0, static_cast<int>(std::min(a.y, b.y) - radius - soft));
  const int y1 = std::min(n - 1, static_cast<int>(std::max(a.y, b.y) + radius + soft));
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) {
      // distance from the pixel centre to the segment a-b
      const float px = x + 0.5f - a.x, py = y + 0.5f - a.y;
      const float t = length2 > 0 ? std::clamp((px * dx + py * dy) / length2, 0.0f, 1.0f) : 0.0f;
      const float ex = px - t * dx, ey = py - t * dy;
      const float d = std::sqrt(ex * ex + ey * ey);
      const float v = std::clamp((radius + soft - d) / soft, 0.0f, 1.0f);
      pad.ink(y, x) = std::max(pad.ink(y, x), v);
    }
}

bool drawing_pad(const char* id, DrawingPad& pad, float side) {
  const Picture picture{&pad.ink, 1, 0.0f, 1.0f, true};
  const ImVec2 pos = picture_view(id, picture, ImVec2(side, side));
  ImGui::GetWindowDrawList()->AddRect(pos, ImVec2(pos.x + side, pos.y + side), ImGui::GetColorU32(ImGuiCol_Border));
  note_item_rect("pad", id);
  const bool active = ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left);
  if (!active) {
    pad.last = ImVec2(-1, -1);
    return false;
  }
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const float scale = static_cast<float>(pad.ink.cols()) / side;
  const ImVec2 point((mouse.x - pos.x) * scale, (mouse.y - pos.y) * scale);
  const bool first = pad.last.x < 0;  // a new stroke starts with a dot
  const ImVec2 from = first ? point : pad.last;
  pad.last = point;
  if (!first && from.x == point.x && from.y == point.y) return false;
  pad_stroke(pad, from, point);
  return true;
}

RgbaImage pad_image(const DrawingPad& pad) {
  const int n = static_cast<int>(pad.ink.cols());
  RgbaImage image{n, n, std::vector<uint8_t>(static_cast<size_t>(n) * n * 4, 255)};
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      const auto v = static_cast<uint8_t>(std::lround(std::clamp(pad.ink(y, x), 0.0f, 1.0f) * 255.0f));
      uint8_t* p = &image.rgba[(static_cast<size_t>(y) * n + x) * 4];
      p[0] = p[1] = p[2] = v;
    }
  return image;
}

}  // namespace vp::app
