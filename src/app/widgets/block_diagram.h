// A transformer block drawn as the paper's figure does: boxes joined by arrows (top to
// bottom here, in reading order), residual connections as lines around the boxes they skip,
// and a bracket marking the part repeated N times. Boxes are buttons: clicking one selects it.
#pragma once
#include <imgui.h>

namespace vp::app {

struct DiagramBox {
  const char* label;
  ImU32 fill;
  int residual_from = -1;  // >= 0: a skip line from the input of that box into this one (Add)
};

struct DiagramGroup {
  int first = -1, last = -1;  // boxes inside the bracket; first < 0 = no bracket
  const char* label = "";     // e.g. "N = 2 x"
};

// Draws `count` boxes `width` pixels wide at the cursor; `selected` is outlined.
// Returns the index of the box clicked this frame, or -1.
int block_diagram(const char* id, const DiagramBox* boxes, int count, int selected, float width,
                  const DiagramGroup& group = {});

}  // namespace vp::app
