// The desktop app:  vitplay [--scene NAME] [--step N] [--lang en|zh] [--size WxH]
//                           [--image PATH] [--train JSON] [--screenshot out.png --frames N]
//                           [--print-state] [--threads N]
// Files dropped on the window open like --image (images, checkpoints, configs).
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <GLFW/glfw3.h>

#include "app/app.h"
#include "formats/file_bytes.h"
#include "formats/file_kind.h"
#include "nn/parallel.h"
#include "nn/tensor.h"
#include "platform/image_file.h"
#include "platform/gl.h"
#include "mains/window.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

namespace {

const char* kUsage =
    "usage: vitplay [--scene NAME] [--step N] [--lang en|zh] [--size WxH] [--image PATH]\n"
    "               [--train JSON] [--screenshot out.png] [--frames N] [--print-state]\n"
    "               [--threads N]   (the threads training and the ViT compute on; default: one per core)\n"
    "scenes: %s\n";

struct NativeOptions {
  vp::app::AppOptions app;
  int width = 1280, height = 800;
  std::vector<std::string> files;  // --image: opened in order in the ViT scene (config, checkpoint, image)
  std::string train;       // JSON options: start a live training run (the training scene)
  std::string screenshot;  // write the framebuffer after `frames` frames, then exit
  int frames = 3;
  bool print_state = false;  // the page API's getState() on stdout when the app exits (tests)
  int threads = 0;           // the core's thread pool (nn/parallel.h); 0: one thread per core
};

// Returns an error message, or "" when the arguments are fine.
std::string parse(int argc, char** argv, NativeOptions& o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
    if (a == "--scene") o.app.scene = value();
    else if (a == "--step") {
      std::string v = value();
      char* end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end || n < 1 || n > 1000) return "--step expects a number from 1, got '" + v + "'";
      o.app.step = static_cast<int>(n);
    } else if (a == "--lang") o.app.lang = value();
    else if (a == "--train") o.train = value();
    else if (a == "--print-state") o.print_state = true;
    else if (a == "--screenshot") o.screenshot = value();
    else if (a == "--image") o.files.push_back(value());
    else if (a == "--frames") {
      o.frames = std::atoi(value().c_str());
      if (o.frames < 1 || o.frames > 100000) return "--frames expects a positive number";
    } else if (a == "--threads") {
      const std::string v = value();
      char* end = nullptr;
      const long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end || n < 1 || n > vp::kMaxThreads)
        return "--threads expects a number from 1 to " + std::to_string(vp::kMaxThreads) + ", got '" + v + "'";
      o.threads = static_cast<int>(n);
    } else if (a == "--size") {
      if (std::sscanf(value().c_str(), "%dx%d", &o.width, &o.height) != 2 || o.width < 200 || o.height < 150 ||
          o.width > 8192 || o.height > 8192)
        return "--size expects WxH, e.g. 1280x800";
    } else if (a == "--help" || a == "-h") return "help";
    else return "unknown option " + a;
  }
  return "";
}

// Largest checkpoint a dropped file may be (ViT-B/16 in float32 is 346 MB).
constexpr int64_t kMaxDroppedBytes = 1ll << 30;

// Opens a file the way the page opens a dropped one: images decoded by stb, anything else
// handed over as bytes. Returns "" or why it was refused.
std::string open_path(vp::app::App& app, const std::string& path) {
  try {
    const std::vector<uint8_t> bytes = vp::read_file_bytes(path, kMaxDroppedBytes, "file");
    const std::string name = path.substr(path.find_last_of('/') + 1);
    if (vp::file_kind(bytes.data(), bytes.size()) == vp::FileKind::image)
      return app.open_image(name, vp::platform::decode_image(bytes.data(), bytes.size()));
    return app.open_file(name, bytes);
  } catch (const vp::Error& e) {
    return path + ": " + e.what();
  }
}

vp::app::App* g_app = nullptr;  // for the drop callback, which GLFW calls with no user data

void drop_callback(GLFWwindow*, int count, const char** paths) {
  for (int i = 0; i < count; ++i) {
    const std::string refused = open_path(*g_app, paths[i]);
    if (!refused.empty()) std::fprintf(stderr, "vitplay: %s\n", refused.c_str());
  }
}

bool write_screenshot(GLFWwindow* window, const std::string& path) {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window, &w, &h);
  std::vector<unsigned char> pixels(static_cast<size_t>(w) * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  stbi_flip_vertically_on_write(1);  // GL's rows start at the bottom
  return stbi_write_png(path.c_str(), w, h, 4, pixels.data(), w * 4) != 0;
}

}  // namespace

int main(int argc, char** argv) {
  NativeOptions options;
  std::string error = parse(argc, argv, options);
  if (!error.empty()) {
    if (error != "help") std::fprintf(stderr, "vitplay: %s\n", error.c_str());
    std::fprintf(stderr, kUsage, vp::app::scene_names());
    return error == "help" ? 0 : 2;
  }

  vp::set_threads(options.threads);
  GLFWwindow* window = vp::platform::create_window(options.width, options.height, "vitplay");
  if (!window) return 1;
  vp::app::App app(options.app);
  // Flags are checked like the page's API calls: a bad one is reported, not fatal.
  for (const std::string& refused : {app.set_scene(options.app.scene), app.set_step(options.app.step),
                                     app.set_lang(options.app.lang)})
    if (!refused.empty()) std::fprintf(stderr, "vitplay: %s\n", refused.c_str());
  for (const std::string& path : options.files) {
    const std::string refused = open_path(app, path);
    if (!refused.empty()) std::fprintf(stderr, "vitplay: %s\n", refused.c_str());
  }
  if (!options.train.empty()) {  // e.g. --train '{"epochs": 2}', as vitplay.startTraining in the page
    const std::string refused = app.start_training(options.train);
    if (!refused.empty()) std::fprintf(stderr, "vitplay: %s\n", refused.c_str());
  }
  g_app = &app;
  glfwSetDropCallback(window, drop_callback);

  int status = 0;
  constexpr double kSettleSeconds = 20;
  double frames_done_at = 0;
  for (int frame = 1; !glfwWindowShouldClose(window); ++frame) {
    // ImGui works in window coordinates: the UI scale is the content scale (e.g. 2 on an
    // X11 screen set to 192 dpi) divided by any framebuffer/window ratio the system already
    // applies itself (macOS, Wayland), so the UI has the same size everywhere.
    float scale_x = 1, scale_y = 1;
    glfwGetWindowContentScale(window, &scale_x, &scale_y);
    int win_w = 0, win_h = 0, fb_w = 0, fb_h = 0;
    glfwGetWindowSize(window, &win_w, &win_h);
    glfwGetFramebufferSize(window, &fb_w, &fb_h);
    if (win_w > 0 && fb_w > win_w) scale_x *= static_cast<float>(win_w) / static_cast<float>(fb_w);
    // the screenshot once the engine has answered what the flags asked (a file, a run), at most
    // kSettleSeconds after the last requested frame
    if (frame == options.frames) frames_done_at = glfwGetTime();
    const bool last = !options.screenshot.empty() && frame >= options.frames &&
                      (!app.waiting_for_engine() || glfwGetTime() - frames_done_at > kSettleSeconds);
    if (last) {
      // draw the final frame without swapping so the back buffer can be read
      vp::platform::render_frame(window, app, scale_x, /*swap=*/false, /*ignore_mouse=*/true);
      if (!write_screenshot(window, options.screenshot)) {
        std::fprintf(stderr, "vitplay: could not write %s\n", options.screenshot.c_str());
        status = 1;
      }
      break;
    }
    vp::platform::render_frame(window, app, scale_x, /*swap=*/true, /*ignore_mouse=*/!options.screenshot.empty());
  }
  if (options.print_state) std::printf("%s\n", app.state_json().c_str());
  vp::platform::destroy_window(window);
  return status;
}
