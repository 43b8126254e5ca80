#include "mains/window.h"

#include <cfloat>
#include <cstdio>
#include <vector>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "app/app.h"
#include "platform/gl.h"

namespace vp::platform {

namespace {

// ImGui 1.86 reads keys as "down this frame" (io.KeysDown), so a key pressed and released
// between two frames would never be seen: a quick tap in a slow frame, and every
// keyboard.press() of a browser test. Releases of keys pressed since the last NewFrame are
// therefore held back until that frame's NewFrame has seen the key down.
bool g_pressed_since_frame[GLFW_KEY_LAST + 1];
std::vector<int> g_deferred_releases;

// When the window last had input (glfwGetTime seconds): App::frame_due asks.
double g_last_input = 0;

void key_callback(GLFWwindow* window, int key, int scancode, int action, int mods) {
  note_input();
  if (key >= 0 && key <= GLFW_KEY_LAST) {
    if (action == GLFW_PRESS) g_pressed_since_frame[key] = true;
    if (action == GLFW_RELEASE && g_pressed_since_frame[key]) {
      g_deferred_releases.push_back(key);
      return;
    }
  }
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

void release_deferred_keys(GLFWwindow* window) {
  for (int key : g_deferred_releases) ImGui_ImplGlfw_KeyCallback(window, key, 0, GLFW_RELEASE, 0);
  g_deferred_releases.clear();
  for (bool& pressed : g_pressed_since_frame) pressed = false;
}

// Installed before the ImGui backend's callbacks, which call them first (the pointer's
// position has no backend callback: the backend reads it each frame).
void install_input_callbacks(GLFWwindow* window) {
  glfwSetCursorPosCallback(window, [](GLFWwindow*, double, double) { note_input(); });
  glfwSetMouseButtonCallback(window, [](GLFWwindow*, int, int, int) { note_input(); });
  glfwSetScrollCallback(window, [](GLFWwindow*, double, double) { note_input(); });
  glfwSetCharCallback(window, [](GLFWwindow*, unsigned int) { note_input(); });
  glfwSetWindowSizeCallback(window, [](GLFWwindow*, int, int) { note_input(); });
}

}  // namespace

void note_input() { g_last_input = glfwGetTime(); }

GLFWwindow* create_window(int width, int height, const char* title) {
  glfwSetErrorCallback([](int code, const char* text) { std::fprintf(stderr, "GLFW error %d: %s\n", code, text); });
  if (!glfwInit()) return nullptr;
#ifndef __EMSCRIPTEN__
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
#endif
  GLFWwindow* window = glfwCreateWindow(width, height, title, nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "vitplay: could not create an OpenGL 3.3 / WebGL2 window\n");
    glfwTerminate();
    return nullptr;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is the app's, not a file's
  // No keyboard navigation: the arrow keys belong to the scenes' steppers.
  install_input_callbacks(window);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  glfwSetKeyCallback(window, key_callback);  // wraps the backend's (see above)
  ImGui_ImplOpenGL3_Init(imgui_glsl_version());
  return window;
}

void render_frame(GLFWwindow* window, app::App& app, float ui_scale, bool swap, bool ignore_mouse) {
  glfwPollEvents();  // natively; in the page, events arrive between frames
  if (swap && !app.frame_due(glfwGetTime(), g_last_input)) {  // a screenshot frame is always drawn
    // The window keeps showing the last picture. Natively nothing else would pace the loop
    // (no swap waits for the display), so it waits for input or the next frame's time.
#ifndef __EMSCRIPTEN__
    glfwWaitEventsTimeout(app.seconds_to_next_frame(glfwGetTime()));
#endif
    return;
  }
  if (ui_scale != app.ui_scale()) {
    app.set_ui_scale(ui_scale);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  if (ignore_mouse) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  ImGui::NewFrame();
  release_deferred_keys(window);  // NewFrame has seen this frame's presses
  app.frame();
  ImGui::Render();

  int fb_width = 0, fb_height = 0;
  glfwGetFramebufferSize(window, &fb_width, &fb_height);
  glViewport(0, 0, fb_width, fb_height);
  glClearColor(0.10f, 0.11f, 0.13f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (swap) glfwSwapBuffers(window);
}

void destroy_window(GLFWwindow* window) {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
}

}  // namespace vp::platform
