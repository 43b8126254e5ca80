// Where some widgets were drawn in the last frame (matrices, the stepper's Next button, the
// drawing pad, a few sliders), in ImGui's (framebuffer) pixels: how tests find them on screen
// whatever the layout, language or window size (vitplay.debugInfo().items in the page).
#pragma once
#include <string>
#include <vector>

#include <imgui.h>

namespace vp::app {

struct ItemRect {
  std::string kind;  // "matrix", "button", "slider", "pad"
  std::string name;  // the matrix's title, or what the widget does ("next", "number")
  ImVec2 min, max;
};

// Records ImGui's last item under kind/name if it is visible.
void note_item_rect(const char* kind, const std::string& name);

// The items of the last frame drawn (empty if it noted none).
const std::vector<ItemRect>& item_rects();

}  // namespace vp::app
