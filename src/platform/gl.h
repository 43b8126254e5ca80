// The OpenGL header for each target: desktop GL 3.3 core natively, GLES 3 (WebGL2) in the page.
// Our shaders carry no #version line; glsl_version_line() is prepended when compiling.
#pragma once
#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#endif

namespace vp {
// The #version line alone, for ImGui's OpenGL3 backend: it copies the string into a
// 32-byte buffer (an overflow in release builds if longer) and its shaders set their own
// precision.
inline const char* imgui_glsl_version() {
#ifdef __EMSCRIPTEN__
  return "#version 300 es";
#else
  return "#version 330 core";
#endif
}

inline const char* glsl_version_line() {
#ifdef __EMSCRIPTEN__
  return "#version 300 es\nprecision highp float;\n";
#else
  return "#version 330 core\n";
#endif
}
}  // namespace vp
