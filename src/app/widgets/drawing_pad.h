// A square pad to draw on with the mouse or a finger (touch arrives as mouse input): white ink
// on black, a round soft brush as thick as a pen stroke is in an MNIST digit.
#pragma once
#include <imgui.h>

#include "formats/image.h"
#include "nn/tensor.h"

namespace vp::app {

struct DrawingPad {
  Mat ink = Mat::Zero(112, 112);  // 0 (paper) .. 1 (ink)
  ImVec2 last{-1, -1};            // the previous point of the stroke being drawn, in pad pixels
  void clear() { ink.setZero(); }
  bool empty() const { return ink.maxCoeff() <= 0.0f; }
};

// Draws the pad at the cursor, `side` pixels square, and lets the user draw on it. Returns true
// on every frame the ink changed.
bool drawing_pad(const char* id, DrawingPad& pad, float side);

// Adds a stroke from a to b (pad pixels) with the pad's brush (also used to pre-draw a digit).
void pad_stroke(DrawingPad& pad, ImVec2 a, ImVec2 b);

// The pad as an image file would give it: grey ink on black, opaque.
RgbaImage pad_image(const DrawingPad& pad);

}  // namespace vp::app
