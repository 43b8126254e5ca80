// A scene: one section of the article, one source file in scenes/. A scene owns its own
// inputs (matrices the user edits, options) and the traces the core computed from them;
// draw() renders them, state() reports them to the page API and tests.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "formats/engine_message.h"
#include "formats/image.h"

namespace vp::app {

class Scene {
 public:
  virtual ~Scene() = default;
  virtual const char* name() const = 0;       // API / URL / --scene name, e.g. "self-attention"
  virtual const char* title() const = 0;      // sidebar title, tr("Self-attention", "自注意力")
  virtual int step_count() const = 0;         // steps in the article's order (>= 1)
  virtual void draw() = 0;                    // the scene's UI for this frame
  virtual nlohmann::json state() const = 0;   // what the scene shows (trace matrices etc.)
  // The scene's requests for the engine (app/engine_link.h) since the last call, and the
  // engine's replies, which every scene is shown (a scene takes those of its own requests).
  virtual std::vector<EngineMessage> take_requests() { return {}; }
  virtual void receive(const EngineMessage&) {}

  // Files the user gives the app (opened, dropped, pasted, --image): an image already decoded
  // to RGBA, or another file's bytes (a checkpoint, a config). Each returns "" or why the file
  // was refused, leaving the scene as it was. Scenes that take no files refuse them.
  virtual std::string open_image(const std::string& file_name, RgbaImage) { return file_name + ": this scene takes no images"; }
  // Where the files given so far stand (a scene that reads files in the engine): null when
  // the scene takes none.
  virtual nlohmann::json files_state() const { return nullptr; }
  // Whether the scene waits for the engine (a model on its way, a run computing).
  virtual bool waiting_for_engine() const { return false; }
  virtual std::string open_data(const std::string& file_name, const std::vector<uint8_t>&) {
    return file_name + ": this scene takes no files";
  }

  // The user's inputs (typed matrices, options) for a shared URL, and back. import_inputs
  // checks each field on its own (check_share_inputs in lessons/share_state.h): a bad one keeps
  // its current value and is named in the returned notices. Scenes without inputs keep
  // these defaults: nothing to export, and any field given is reported as unknown.
  virtual nlohmann::json export_inputs() const { return nlohmann::json::object(); }
  virtual std::vector<std::string> import_inputs(const nlohmann::json& inputs);

  int step() const { return step_; }
  // Returns "" or the reason the step was refused.
  std::string set_step(int step);

 protected:
  int step_ = 1;
};

std::vector<std::unique_ptr<Scene>> make_scenes();

}  // namespace vp::app
