#include "app/widgets/seed_control.h"

#include <imgui.h>

#include "app/i18n.h"

namespace vp::app {

bool seed_control(uint32_t& seed) {
  ImGui::AlignTextToFramePadding();
  ImGui::Text(tr("Weights: seed %u", "权重：种子 %u"), static_cast<unsigned>(seed));
  ImGui::SameLine();
  if (!ImGui::Button(tr("New weights", "换一组权重"))) return false;
  ++seed;
  return true;
}

}  // namespace vp::app
