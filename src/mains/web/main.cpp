// The page: the same App as the desktop, driven by the browser's animation frames, with
// the page API (window.vitplay in web/vitplay-api.js) calling the exported functions below.
#include <cstdlib>
#include <cstdio>
#include <string>

#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/widgets/item_rects.h"
#include "nn/tensor.h"
#include "mains/window.h"

namespace {

struct WebApp {
  GLFWwindow* window = nullptr;
  vp::app::App* app = nullptr;
  std::string last_result;  // keeps returned strings alive until the next call
  std::string last_query;   // what was on screen last frame (Module.onVitplayChange on a change)
  std::string clipboard;    // ImGui's clipboard text (the browser's is write-only from here)
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

// After a finger lifts (route_touches counts frames in Module.vitplayFramesSinceLift) the
// pointer is nowhere: two frames for a tap's press and release to land on the widget under
// it, then no hover, so no tooltip or highlight stays behind on a touch screen.
bool finger_lifted() {
  return EM_ASM_INT({
    var n = Module.vitplayFramesSinceLift;
    if (n === undefined || n < 0) return 0;
    Module.vitplayFramesSinceLift = n + 1;
    return n >= 2;
  });
}

void frame(void*) {
  vp::platform::render_frame(g_web.window, *g_web.app, sync_canvas_size(), /*swap=*/true, finger_lifted());
  // scene, step, language or inputs changed (by the UI or the API): tell the page script
  std::string query = g_web.app->share_query();
  if (query != g_web.last_query) {
    g_web.last_query = std::move(query);
    EM_ASM(if (Module.onVitplayChange) Module.onVitplayChange(););
  }
}

// ImGui's copy buttons (Share, matrix views): Emscripten's GLFW has no clipboard, so the
// text goes to the browser's (allowed right after the click that asked for it).
void set_clipboard(void*, const char* text) {
  g_web.clipboard = text;
  EM_ASM({
    var text = UTF8ToString($0);
    if (navigator.clipboard && navigator.clipboard.writeText)
      navigator.clipboard.writeText(text).catch(function(e) { console.warn("vitplay: copy refused: " + e); });
  }, text);
}
const char* get_clipboard(void*) { return g_web.clipboard.c_str(); }

// Touch: Emscripten's GLFW (3.1.6) hands touch events to its mouse handlers, which cannot
// read a touch's position (only SDL's can): a tap pressed wherever the mouse last was, and a
// drag moved nothing. One finger becomes the mouse here (move, press, drag, release); a
// second finger (a pinch) releases it and does nothing more. An embedded figure takes touches
// only while focused (Module.vitplayTouchNeedsFocus, set by vitplay_embed): until then the
// browser scrolls and zooms the page, and a tap reaches the figure as the mouse events the
// browser makes of it.
void route_touches() {
  EM_ASM({(function() {  // in parentheses: the preprocessor splits the macro's argument at other commas
    var canvas = Module.canvas;
    ["touchstart", "touchmove", "touchend", "touchcancel"].forEach(function(type) {
      canvas.removeEventListener(type, type === "touchstart" ? GLFW.onMouseButtonDown
                                       : type === "touchmove" ? GLFW.onMousemove : GLFW.onMouseButtonUp, true);
    });
    var finger = null;  // the identifier of the touch acting as the mouse
    function as_mouse(type, touch) {
      return {type: type, target: canvas, pageX: touch.pageX, pageY: touch.pageY, button: 0};
    }
    function mine(e) {
      for (var i = 0; i < e.changedTouches.length; ++i)
        if (e.changedTouches[i].identifier === finger) return e.changedTouches[i];
      return null;
    }
    function takes() { return !Module.vitplayTouchNeedsFocus || document.activeElement === canvas; }
    function release(touch) {
      GLFW.onMouseButtonUp(as_mouse("mouseup", touch));
      finger = null;
    }
    canvas.addEventListener("touchstart", function(e) {
      if (!takes()) return;
      e.preventDefault();  // no mouse events made from this touch, no scrolling
      if (finger !== null) {  // a second finger: a pinch or a mistake, not a drag
        if (e.touches.length > 1) release(e.touches[0]);
        return;
      }
      if (e.touches.length > 1) return;
      var t = e.changedTouches[0];
      finger = t.identifier;
      Module.vitplayFramesSinceLift = -1;
      GLFW.onMousemove(as_mouse("mousemove", t));
      GLFW.onMouseButtonDown(as_mouse("mousedown", t));
    }, {passive: false});
    canvas.addEventListener("touchmove", function(e) {
      if (!takes()) return;
      e.preventDefault();
      var t = mine(e);
      if (t) GLFW.onMousemove(as_mouse("mousemove", t));
    }, {passive: false});
    canvas.addEventListener("mousemove", function() { Module.vitplayFramesSinceLift = -1; }, true);  // a real mouse
    ["touchend", "touchcancel"].forEach(function(type) {
      canvas.addEventListener(type, function(e) {
        var t = mine(e);
        if (t) {
          GLFW.onMousemove(as_mouse("mousemove", t));
          release(t);
          Module.vitplayFramesSinceLift = 0;
        }
        if (takes()) e.preventDefault();
      }, {passive: false});
    });
  })(); });
}

const char* keep(std::string s) {
  g_web.last_result = std::move(s);
  return g_web.last_result.c_str();
}

// The wheel in ImGui's terms. Emscripten 3.1.6's GLFW hands ImGui the browser's deltaX / deltaY
// as they come (pixels, positive = down), where ImGui wants notches with positive = up: the page
// scrolled the wrong way, a hundred lines a notch. This listener replaces GLFW's. An embedded
// figure takes the wheel only while focused (Module.vitplayWheelNeedsFocus, set by
// vitplay_embed), so the page scrolls past a figure the reader has not clicked.
void route_wheel() {
  EM_ASM({(function() {  // in parentheses: the preprocessor splits the macro's argument at other commas
    var canvas = Module.canvas;
    canvas.removeEventListener("wheel", GLFW.onMouseWheel, true);
    canvas.removeEventListener("mousewheel", GLFW.onMouseWheel, true);
    canvas.addEventListener("wheel", function(e) {
      if (Module.vitplayWheelNeedsFocus && document.activeElement !== canvas) return;
      var per_notch = e.deltaMode === 0 ? 100 : (e.deltaMode === 1 ? 3 : 1);  // pixels, lines, pages
      Module._vitplay_wheel(-e.deltaX / per_notch, -e.deltaY / per_notch);
      e.preventDefault();
    }, true);
  })();});
}

}  // namespace

extern "C" {
// The wheel moved by (dx, dy) notches, positive = left / up (route_wheel).
EMSCRIPTEN_KEEPALIVE void vitplay_wheel(float dx, float dy) {
  vp::platform::note_input();
  ImGuiIO& io = ImGui::GetIO();
  io.MouseWheelH += dx;
  io.MouseWheel += dy;
}
// Each returns "" on success or the message saying what was refused.
EMSCRIPTEN_KEEPALIVE const char* vitplay_set_scene(const char* name) { return keep(g_web.app->set_scene(name)); }
EMSCRIPTEN_KEEPALIVE const char* vitplay_set_step(int step) { return keep(g_web.app->set_step(step)); }
EMSCRIPTEN_KEEPALIVE const char* vitplay_set_lang(const char* lang) { return keep(g_web.app->set_lang(lang)); }
EMSCRIPTEN_KEEPALIVE const char* vitplay_get_state() { return keep(g_web.app->state_json()); }
// Live training (vitplay.startTraining / stopTraining): options as JSON; "" or the refusal.
EMSCRIPTEN_KEEPALIVE const char* vitplay_start_training(const char* options_json) {
  return keep(g_web.app->start_training(options_json));
}
EMSCRIPTEN_KEEPALIVE void vitplay_stop_training() { g_web.app->stop_training(); }
// Files from the page (vitplay.openFile, the file chooser, drop, paste): an image the browser
// decoded, RGBA width*height*4 bytes, or any other file's bytes. Both "" or the refusal.
EMSCRIPTEN_KEEPALIVE const char* vitplay_open_image(const char* name, int width, int height, const uint8_t* rgba) {
  try {
    vp::check_image_size(width, height);  // before reading width * height * 4 bytes from rgba
    const size_t bytes = static_cast<size_t>(width) * static_cast<size_t>(height) * 4;
    return keep(g_web.app->open_image(name, vp::make_rgba_image(width, height, std::vector<uint8_t>(rgba, rgba + bytes))));
  } catch (const vp::Error& e) {
    return keep(std::string(name) + ": " + e.what());
  }
}
EMSCRIPTEN_KEEPALIVE const char* vitplay_open_file(const char* name, const uint8_t* bytes, int size) {
  return keep(g_web.app->open_file(name, std::vector<uint8_t>(bytes, bytes + (size > 0 ? size : 0))));
}
// {opened, refused_file, refusal, settled}: openFile waits on it for a checkpoint's outcome
// and the prediction.
EMSCRIPTEN_KEEPALIVE const char* vitplay_files_state() { return keep(g_web.app->files_state()); }
EMSCRIPTEN_KEEPALIVE const char* vitplay_set_input(const char* name, const char* value_json) {
  return keep(g_web.app->set_input(name, value_json));
}
// "scene=..&step=..&lang=..&state=v1..": each bad parameter falls back with a notice (getState().notice).
EMSCRIPTEN_KEEPALIVE void vitplay_apply_query(const char* query) { g_web.app->apply_query(query); }
EMSCRIPTEN_KEEPALIVE void vitplay_set_share_urls(const char* app_url, const char* embed_url) {
  g_web.app->set_share_urls(app_url, embed_url);
}

// VitPlay destroy(): no more frames, and the window's listeners and GL objects released.
EMSCRIPTEN_KEEPALIVE void vitplay_stop() {
  emscripten_cancel_main_loop();
  vp::platform::destroy_window(g_web.window);
  g_web.window = nullptr;
}

// A figure in someone's page (web/vitplay-embed.js, embed.html): the scene alone, and keys
// and the wheel only while its canvas has the focus. Emscripten's GLFW (3.1.6) listens for
// keys on window (every figure would get every key): they move to the canvas. The wheel goes
// to the figure only while it is focused (route_wheel).
EMSCRIPTEN_KEEPALIVE void vitplay_embed() {
  g_web.app->set_embedded(true);
  EM_ASM({
    Module.vitplayTouchNeedsFocus = true;
    var canvas = Module.canvas;
    window.removeEventListener("keydown", GLFW.onKeydown, true);
    window.removeEventListener("keypress", GLFW.onKeyPress, true);
    window.removeEventListener("keyup", GLFW.onKeyup, true);
    canvas.addEventListener("keydown", GLFW.onKeydown, true);
    canvas.addEventListener("keypress", GLFW.onKeyPress, true);
    canvas.addEventListener("keyup", GLFW.onKeyup, true);
    Module.vitplayWheelNeedsFocus = true;
  });
}

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
  // where the matrices, the Next button, the drawing pad... are, so tests find them whatever the layout
  nlohmann::json info = nlohmann::json::parse(buf);
  info["items"] = nlohmann::json::array();
  for (const vp::app::ItemRect& r : vp::app::item_rects())
    info["items"].push_back({{"kind", r.kind}, {"name", r.name}, {"rect", {r.min.x, r.min.y, r.max.x, r.max.y}}});
  return keep(info.dump());
}
}

int main() {
  setenv("VITPLAY_MODELS_DIR", "/models", 1);  // where the link's --preload-file puts models/
  g_web.window = vp::platform::create_window(1280, 800, "vitplay");
  if (!g_web.window) {
    EM_ASM(if (Module.onVitplayFailed) Module.onVitplayFailed("could not create a WebGL 2 context"););
    return 1;
  }
  // "#canvas" in Emscripten's html5 calls means this module's canvas, not the page's
  // first element with that id (a page may hold several figures).
  EM_ASM({ specialHTMLTargets["#canvas"] = Module.canvas; });
  route_touches();
  route_wheel();
  ImGuiIO& io = ImGui::GetIO();
  io.SetClipboardTextFn = set_clipboard;
  io.GetClipboardTextFn = get_clipboard;
  static vp::app::App app(vp::app::AppOptions{});
  g_web.app = &app;
  sync_canvas_size();  // the first frame already at the page's size
  EM_ASM(if (Module.onVitplayReady) Module.onVitplayReady(););
  emscripten_set_main_loop_arg(frame, nullptr, 0, false);
  return 0;
}
