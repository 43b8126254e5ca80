// The playground, as one object the platform layers drive. Immediate mode: frame() draws
// the whole UI from the current state; the state changes only through the UI itself or
// through the API below (page JavaScript, command-line flags), which both platforms share.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "formats/image.h"

namespace vp::app {

struct AppOptions {
  std::string scene = "self-attention";  // see scene_names()
  int step = 1;                          // 1-based, in the article's order
  std::string lang = "en";               // "en" or "zh"
};

class App {
 public:
  explicit App(const AppOptions& options);
  ~App();

  // (Re)builds the font atlas for this UI scale (device pixel ratio x zoom). Call before
  // the first frame and whenever the scale changes; the renderer's font texture must be
  // recreated afterwards (ImGui_ImplOpenGL3_DestroyFontsTexture / CreateFontsTexture).
  void set_ui_scale(float scale);
  float ui_scale() const;

  // Whether a frame is due now (the platform asks before each frame, and skips the whole frame
  // when it is not: no UI built, no picture drawn). last_input_seconds: when the window last had
  // input (pointer, wheel, key, text, resize), on the clock of now_seconds. Always, except while
  // the engine works (a live training run, a ViT computing or a checkpoint loading) and the user
  // has left the UI alone for a moment: then ten frames a second, and one whenever the engine
  // replies or the API changes something. Building the UI of the charts and drawing it (in
  // a page without a GPU, in software) would otherwise take a good part of a core sixty times a
  // second from the engine's threads; any input brings back every frame at once.
  bool frame_due(double now_seconds, double last_input_seconds);
  // How long until frame_due() turns true with no input (0 when it is): a native loop waits for
  // events that long instead of spinning.
  double seconds_to_next_frame(double now_seconds) const;
  // Builds the UI for one frame: between ImGui::NewFrame() and ImGui::Render(). Hands the
  // engine's replies to the training controller and the scenes first.
  void frame();

  // The API shared by the page (window.vitplay) and the native command line.
  // Each returns "" on success, or a message saying what was refused (state unchanged).
  std::string set_scene(const std::string& name);
  std::string set_step(int step);
  std::string set_lang(const std::string& lang);
  // A file the user gives the app (opened, dropped, pasted, --image), for the ViT scene, which
  // becomes the current scene once it takes the file: an image the platform decoded to RGBA,
  // or another file's bytes (a safetensors checkpoint or a config/labels file, told apart by
  // content; an image here is one the platform could not decode). Returns "" or why the file
  // was refused (everything left as it was; the scene shows the message).
  std::string open_image(const std::string& file_name, RgbaImage image);
  std::string open_file(const std::string& file_name, const std::vector<uint8_t>& bytes);
  // Where the files given so far stand: the ViT scene's {opened, refused_file, refusal,
  // settled}. A checkpoint is read by the engine, so its refusal comes after open_file.
  std::string files_state() const;
  // Whether a scene waits for the engine (a model on its way, a run computing): a screenshot
  // waits for it. A training run in progress does not count.
  bool waiting_for_engine() const;
  // Embedded (embed.html, a figure in someone's page): the scene alone, no sidebar.
  void set_embedded(bool embedded);
  std::string state_json() const;  // {"scene", "step", "steps", "lang", "notice", "query", "trace": {...}, ...}

  // Shared URLs (lessons/share_state.h). apply_query applies "scene=..&step=..&lang=..&state=v1..",
  // each bad parameter falling back to its default; what was refused becomes the notice
  // (shown on screen, "notice" in state_json, "" when nothing was refused).
  void apply_query(const std::string& query);
  std::string share_query() const;  // the query reproducing what is on screen
  // Where the Share button's links point: the full app and embed.html (the page sets them).
  void set_share_urls(const std::string& app_url, const std::string& embed_url);
  // One input of the current scene (page API setMatrix): value is JSON, e.g. [[1,0],[0,1]].
  // Returns "" or why it was refused (state unchanged).
  std::string set_input(const std::string& name, const std::string& value_json);

  // Live training (the training scene; page API startTraining / stopTraining). Starts a run of
  // the options (JSON {model, epochs, lr, batchSize, seed, augment}) from fresh weights in the
  // engine; returns "" or why the options were refused (nothing changed). state_json()'s
  // "training" reports the run while it exists.
  std::string start_training(const std::string& options_json);
  void stop_training();  // pauses the run (the scene's Resume continues it)

 private:
  bool engine_busy() const;  // a training run busy or a scene waiting for the engine
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Every scene's name, space-separated, in the article's order (scenes/scenes.cpp).
const char* scene_names();

}  // namespace vp::app
