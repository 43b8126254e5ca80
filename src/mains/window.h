// The GLFW window and the per-frame work shared by both mains: the native loop calls
// render_frame() in a while loop, the web build hands it to emscripten_set_main_loop_arg.
#pragma once
struct GLFWwindow;

namespace vp::app { class App; }

namespace vp::platform {

// Creates a window with an OpenGL 3.3 core (native) or WebGL2 (web) context, sets up
// ImGui with its GLFW and OpenGL3 backends. Returns null (after printing why) on failure.
GLFWwindow* create_window(int width, int height, const char* title);

// One frame: poll events, and when the app has a frame due (App::frame_due; always when not
// swapping, for a screenshot) rebuild fonts if the UI scale changed, draw, swap.
// ignore_mouse: draw as if the pointer were outside the window (deterministic screenshots:
// no hover highlight or tooltip from wherever the pointer happens to be).
void render_frame(GLFWwindow* window, app::App& app, float ui_scale, bool swap = true, bool ignore_mouse = false);

// Input that reached ImGui without passing through GLFW (the page's own wheel listener) counts
// as input for App::frame_due too.
void note_input();

void destroy_window(GLFWwindow* window);

}  // namespace vp::platform
