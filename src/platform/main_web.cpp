// The page: the same App as the desktop, driven by the browser's animation frames, with
// the page API (window.vitplay in web/vitplay-api.js) calling the exported functions below.
#include <cstdio>
#include <string>

#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

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
// high-DPI screens; ImGui then works in device pixels (mouse positions too: Emscripten's
// GLFW scales them by backing size / CSS size) with the UI scaled by the ratio.
float sync_canvas_size() {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  const double dpr = emscripten_get_device_pixel_ratio();
  const int w = static_cast<int>(css_w * dpr + 0.5), h = static_cast<int>(css_h * dpr + 0.5);
  int cur_w = 0, cur_h = 0;
  glfwGetWindowSize(g_web.window, &cur_w, &cur_h);
  if (w > 0 && h > 0 && (w != cur_w || h != cur_h)) {
    // Not glfwSetWindowSize: Emscripten's (3.1.6) asks for fullscreen whenever the size
    // equals screen.width x screen.height (a maximised window at ratio 1, a phone) and then
    // moves the canvas into a wrapper div. Browser.setCanvasSize resizes the canvas and
    // tells GLFW through its resize listener, without that.
    EM_ASM({ Browser.setCanvasSize($0, $1); }, w, h);
  }
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

// Diagnostics (vitplay.debugInfo() in the page): what ImGui sees of the window and input.
EMSCRIPTEN_KEEPALIVE const char* vitplay_debug_info() {
  const ImGuiIO& io = ImGui::GetIO();
  int win_w = 0, win_h = 0, fb_w = 0, fb_h = 0;
  glfwGetWindowSize(g_web.window, &win_w, &win_h);
  glfwGetFramebufferSize(g_web.window, &fb_w, &fb_h);
  char mouse[64] = "null";
  if (io.MousePos.x > -1e30f && io.MousePos.y > -1e30f)
    std::snprintf(mouse, sizeof mouse, "[%.1f,%.1f]", io.MousePos.x, io.MousePos.y);
  char buf[400];
  std::snprintf(buf, sizeof buf,
                "{\"window\":[%d,%d],\"framebuffer\":[%d,%d],\"display\":[%.1f,%.1f],"
                "\"framebufferScale\":[%.2f,%.2f],\"uiScale\":%.3f,\"mouse\":%s,\"fontSize\":%.1f,"
                "\"frames\":%d}",
                win_w, win_h, fb_w, fb_h, io.DisplaySize.x, io.DisplaySize.y, io.DisplayFramebufferScale.x,
                io.DisplayFramebufferScale.y, g_web.app->ui_scale(), mouse, ImGui::GetFontSize(),
                ImGui::GetFrameCount());
  return keep(buf);
}
}

int main() {
  g_web.window = vp::platform::create_window(1280, 800, "vitplay");
  if (!g_web.window) {
    EM_ASM(if (Module.onVitplayFailed) Module.onVitplayFailed("could not create a WebGL 2 context"););
    return 1;
  }
  static vp::app::App app(vp::app::AppOptions{});
  g_web.app = &app;
  sync_canvas_size();  // the first frame already at the page's size
  EM_ASM(if (Module.onVitplayReady) Module.onVitplayReady(););
  emscripten_set_main_loop_arg(frame, nullptr, 0, false);
  return 0;
}
