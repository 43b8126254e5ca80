// Pictures drawn as they are (not through a colour map): an image's planes [C*h, w] (C = 1
// grey, C = 3 RGB, values mapped from [lo, hi] to black..white) uploaded as an RGBA8 texture,
// re-uploaded only when the pixels change. For photos, digits, preprocessing stages, filters.
#pragma once
#include <imgui.h>

#include "nn/tensor.h"

namespace vp::app {

struct Picture {
  const Mat* planes = nullptr;  // [C*h, w]
  int channels = 1;
  float lo = 0, hi = 1;
  bool smooth = false;  // linear filtering (photos); nearest shows pixels as blocks (28x28 digits)
};

// The picture's texture (keyed by `id` on ImGui's ID stack), valid for this frame; null for an
// empty or oversized (more than kMaxTextureSide a side) picture.
ImTextureID picture_texture(const char* id, const Picture& picture);

// Draws the picture stretched over `size` at the cursor and advances the cursor. Returns the
// screen rectangle's top-left corner (for overlays drawn on top).
ImVec2 picture_view(const char* id, const Picture& picture, ImVec2 size);

// The largest size with the picture's aspect that fits max_w x max_h.
ImVec2 fit_picture(const Picture& picture, float max_w, float max_h);

}  // namespace vp::app
