// The page: the same App as the desktop, driven by the browser's animation frames, with
// the page API (window.vitplay in web/vitplay-api.js) calling the exported functions below.
#include <cstdio>
#include <string>

#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include "app/app.h"
#include "platform/window.h"

namespace {

struct WebApp {
  GLFWwindow* window = nullptr;
  vp::app::App* app = nullptr;
  std::string last_result;  // keeps returned strings alive until the next call
};

WebApp g_web;

// Keeps the canvas backing store at CSS size x devicePixelRatio, so text is sharp on
// high-DPI screens; ImGui then works in device pixels with the UI scaled by the ratio.
float sync_canvas_size() {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  const double dpr = emscripten_get_device_pixel_ratio();
  const int w = static_cast<int>(css_w * dpr + 0.5), h = static_cast<int>(css_h * dpr + 0.5);
  int cur_w = 0, cur_h = 0;
  glfwGetWindowSize(g_web.window, &cur_w, &cur_h);
  if (w > 0 && h > 0 && (w != cur_w || h != cur_h)) glfwSetWindowSize(g_web.window, w, h);
  return static_cast<float>(dpr);
}

void frame(void*) { vp::platform::render_frame(g_web.window, *g_web.app, sync_canvas_size()); }

const char* keep(std::string s) {
  g_web.last_result = std::move(s);
  return g_web.last_result.c_str();
}

}  // namespace

extern "C" {
// Each returns "" on success or the message saying what was refused.
EMSCRIPTEN_KEEPALIVE const char* vitplay_set_scene(const char* name) { return keep(g_web.app->set_scene(name)); }
EMSCRIPTEN_KEEPALIVE const char* vitplay_set_step(int step) { return keep(g_web.app->set_step(step)); }
EMSCRIPTEN_KEEPALIVE const char* vitplay_set_lang(const char* lang) { return keep(g_web.app->set_lang(lang)); }
EMSCRIPTEN_KEEPALIVE const char* vitplay_get_state() { return keep(g_web.app->state_json()); }
}

int main() {
  g_web.window = vp::platform::create_window(1280, 800, "vitplay");
  if (!g_web.window) return 1;
  static vp::app::App app(vp::app::AppOptions{});
  g_web.app = &app;
  EM_ASM(if (Module.onVitplayReady) Module.onVitplayReady(););
  emscripten_set_main_loop_arg(frame, nullptr, 0, false);
  return 0;
}
