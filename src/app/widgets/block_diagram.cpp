#include "app/widgets/block_diagram.h"

#include <algorithm>

namespace vp::app {

int block_diagram(const char* id, const DiagramBox* boxes, int count, int selected, float width,
                  const DiagramGroup& group) {
  const float font = ImGui::GetFontSize();
  const float box_h = font * 2.0f, gap = font * 1.1f;
  const float margin = font * 1.6f;  // right of the boxes: residual lines; left: the N x bracket
  const float box_w = width - 2 * margin;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 line = IM_COL32(170, 180, 200, 255), accent = IM_COL32(255, 176, 32, 255);
  auto box_top = [&](int i) { return origin.y + gap + i * (box_h + gap); };
  const float left = origin.x + margin, right = left + box_w;

  int clicked = -1;
  ImGui::PushID(id);
  for (int i = 0; i < count; ++i) {
    const ImVec2 a(left, box_top(i)), b(right, box_top(i) + box_h);
    ImGui::SetCursorScreenPos(a);
    ImGui::PushID(i);
    if (ImGui::InvisibleButton("box", ImVec2(box_w, box_h))) clicked = i;
    const bool hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    draw->AddRectFilled(a, b, boxes[i].fill, font * 0.3f);
    if (i == selected) draw->AddRect(a, b, accent, font * 0.3f, 0, 3.0f * font / 16);
    else if (hovered) draw->AddRect(a, b, IM_COL32(255, 255, 255, 200), font * 0.3f, 0, 1.5f * font / 16);
    const ImVec2 text = ImGui::CalcTextSize(boxes[i].label);
    draw->PushClipRect(a, b, true);  // a label too long for a narrow diagram is cut, not spilled
    draw->AddText(ImVec2(a.x + std::max((box_w - text.x) / 2, font * 0.2f), a.y + (box_h - text.y) / 2),
                  IM_COL32(20, 20, 24, 255), boxes[i].label);
    draw->PopClipRect();
    // the arrow into this box from above
    const float mid = (left + right) / 2, top = a.y;
    draw->AddLine(ImVec2(mid, top - gap), ImVec2(mid, top - 2), line, 1.5f);
    draw->AddTriangleFilled(ImVec2(mid - font * 0.25f, top - font * 0.35f), ImVec2(mid + font * 0.25f, top - font * 0.35f),
                            ImVec2(mid, top - 1), line);
    // residual: leave the main line above box `from`, run down the right side, enter this box
    if (boxes[i].residual_from >= 0) {
      const float start_y = box_top(boxes[i].residual_from) - gap / 2, end_y = a.y + box_h / 2;
      const float x = right + margin * 0.5f;
      draw->AddLine(ImVec2(mid, start_y), ImVec2(x, start_y), line, 1.5f);
      draw->AddLine(ImVec2(x, start_y), ImVec2(x, end_y), line, 1.5f);
      draw->AddLine(ImVec2(x, end_y), ImVec2(right + 2, end_y), line, 1.5f);
      draw->AddTriangleFilled(ImVec2(right + font * 0.35f, end_y - font * 0.25f),
                              ImVec2(right + font * 0.35f, end_y + font * 0.25f), ImVec2(right + 1, end_y), line);
    }
  }
  // the output arrow below the last box
  const float bottom = box_top(count - 1) + box_h;
  draw->AddLine(ImVec2((left + right) / 2, bottom), ImVec2((left + right) / 2, bottom + gap * 0.8f), line, 1.5f);
  if (group.first >= 0 && group.last >= group.first && group.last < count) {
    const float y0 = box_top(group.first) - gap * 0.35f, y1 = box_top(group.last) + box_h + gap * 0.35f;
    const float x = origin.x + margin * 0.4f;
    draw->AddRect(ImVec2(x, y0), ImVec2(right + margin * 0.85f, y1), IM_COL32(120, 130, 150, 160), font * 0.3f);
    draw->AddText(ImVec2(x + 2, y1 + 2), IM_COL32(200, 205, 215, 255), group.label);
  }
  ImGui::PopID();
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(ImVec2(width, gap + count * (box_h + gap) + gap + font));
  return clicked;
}

}  // namespace vp::app
