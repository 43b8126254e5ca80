#include "app/widgets/item_rects.h"

namespace vp::app {

namespace {
std::vector<ItemRect> g_items;  // the items of frame g_items_frame
int g_items_frame = -1;
}  // namespace

void note_item_rect(const char* kind, const std::string& name) {
  if (g_items_frame != ImGui::GetFrameCount()) {
    g_items.clear();
    g_items_frame = ImGui::GetFrameCount();
  }
  if (ImGui::IsItemVisible()) g_items.push_back({kind, name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
}

const std::vector<ItemRect>& item_rects() {
  static const std::vector<ItemRect> none;
  return g_items_frame == ImGui::GetFrameCount() ? g_items : none;
}

}  // namespace vp::app
