// The Vision Transformer lesson's model state, without any UI: the models to choose from (the
// bundled ones and checkpoints the user opened), the image (the user's drawing or a file), its
// preprocessing into the model input, the interventions (heads or layers off, occluded patches)
// and the staged run of the model over the input. The ViT scene draws it; tests drive it.
//
//   files:   an image, a safetensors checkpoint, or a config / labels file, told apart by content
//   input:   image -> preprocess (the model's recipe) -> [C*H, W]
//   run:     vit_run_start, then run_next_stage() once per layer and once for the head
//
// Every change that makes the run stale (another model, image or intervention) starts it over;
// the caller then calls run_next_stage() until the run is finished (the scene: as many stages
// as fit in a frame). A problem with the current model or image is message(); a file refused
// leaves everything as it was and is refusal().
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "formats/image.h"
#include "formats/image_preprocess.h"
#include "models/vit_naming.h"
#include "models/vit_run.h"

namespace vp {

// A model to choose from, with the pictures read off its weights alone, made once when it is
// loaded rather than every frame (ViT-Ti's position similarity is a [196, 192] x [192, 196] product).
struct VitSessionModel {
  static constexpr int kFiltersShown = 64, kFiltersPerRow = 16;

  std::string name;  // "mnist-vit", or the checkpoint's file name
  bool bundled = false;
  VitCheckpoint checkpoint;
  Mat filters;    // filter_mosaic of the first kFiltersShown filters, kFiltersPerRow a row
  Mat positions;  // similarity_mosaic of the position embeddings

  // Fills in default labels (from models_dir) for a checkpoint without any.
  VitSessionModel(std::string model_name, bool is_bundled, VitCheckpoint loaded, const std::string& models_dir);
};

class VitSession {
 public:
  // The bundled models are read from models_dir, lazily (load_bundled_models). drawing: the
  // image of the user's drawing, the input until a file's image is opened.
  VitSession(std::string models_dir, RgbaImage drawing);

  // Loads the bundled models and selects the first, once (later calls do nothing). A failure
  // becomes message().
  void load_bundled_models();
  const std::vector<VitSessionModel>& models() const { return models_; }
  const VitSessionModel* model() const { return model_index_ < models_.size() ? &models_[model_index_] : nullptr; }
  size_t model_index() const { return model_index_; }  // kNoModel until one is selected
  static constexpr size_t kNoModel = SIZE_MAX;
  // Selects models()[index]: its interventions are cleared and the image is prepared again.
  void select_model(size_t index);

  // Files the user gives. Each returns "" or the refusal "NAME: why" (also refusal()), leaving
  // everything as it was. An image already decoded to RGBA becomes the input; other bytes are
  // a safetensors checkpoint (added to models() and selected), a config or labels file (read
  // for the checkpoints opened after it), or refused.
  std::string open_image(const std::string& file_name, RgbaImage image);
  std::string open_data(const std::string& file_name, const std::vector<uint8_t>& bytes);

  // The user's drawing: use_drawing makes it the input again (occlusions cleared); set_drawing
  // gives its new image (after a stroke); clear_drawing its blank image, with no model input
  // until the next stroke.
  void use_drawing(RgbaImage drawing);
  void set_drawing(RgbaImage drawing);
  void clear_drawing(RgbaImage blank);

  bool from_drawing() const { return from_drawing_; }
  const RgbaImage& image() const { return image_; }
  const std::string& image_name() const { return image_name_; }  // "" for the drawing
  const Mat& shown() const { return shown_; }  // [3*h, w] a display copy of a file's image (at most 512 a side)
  const std::optional<Preprocessed>& prepared() const { return prepared_; }  // empty: no model input
  const std::string& hints_name() const { return hints_name_; }  // the config or labels file read, "" none

  // ---- interventions (each starts the run over) ----
  const VitInterventions& interventions() const { return interventions_; }
  void toggle_head(int layer, int head);  // 0-based
  void toggle_layer(int layer);
  void toggle_patch(int patch);           // 0-based, the patch grid row by row
  void reset_interventions();
  // 1-based {"heads_off": [[layer, head], ...], "layers_off": [layer, ...], "occluded": [patch, ...]}
  // (patches 0-based, row by row).
  nlohmann::json interventions_json() const;
  // The same as rows for shared links: "layers_off" [[layer], ...], "occluded" [[patch], ...].
  nlohmann::json export_interventions() const;
  // Applies export_interventions()'s form; each bad field keeps its value and is named in the
  // returned notices.
  std::vector<std::string> import_interventions(const nlohmann::json& inputs);

  // ---- the staged run ----
  const VitRun& run() const { return run_; }
  bool computing() const;  // a run has started and is not finished
  // Runs the next stage: one encoder layer, or the head once every layer has run. Returns true
  // once the run is finished (at once when there is nothing to run). A failure becomes
  // message() and drops the run.
  bool run_next_stage();
  // [g, g] the class token's row of the attention rollout, computed once per finished run;
  // empty until the run finished.
  const Mat& rollout();

  // ---- reading the result ----
  std::string label(int index) const;  // the class name, or its index when the model has none
  int grid() const;                    // patches per side (0 without a model)
  std::vector<std::pair<int, float>> top(int k) const;  // of a finished run, else empty

  const std::string& message() const { return message_; }  // what went wrong with the model or image
  void set_message(std::string message) { message_ = std::move(message); }
  const std::string& refusal() const { return refusal_; }  // the last file refused

  // What the lesson shows, for the page API and tests: model, models, image, input,
  // preprocess, top, computing, layers_done, layers, heads, interventions, config, error.
  nlohmann::json state_json() const;

 private:
  template <class Open>
  std::string refuse_or_clear(const std::string& file_name, Open open);
  void reprepare();
  void restart();

  std::string models_dir_;
  std::vector<VitSessionModel> models_;
  size_t model_index_ = kNoModel;
  bool models_tried_ = false;
  VitHints hints_;  // from a config / labels file, for checkpoints opened after it
  std::string hints_name_;

  bool from_drawing_ = true;
  RgbaImage image_;  // the image as given (the drawing's, or a file's)
  std::string image_name_;
  Mat shown_;
  std::optional<Preprocessed> prepared_;
  VitInterventions interventions_;
  VitRun run_;
  Mat rollout_;  // empty until computed for the finished run

  std::string message_;
  std::string refusal_;
};

}  // namespace vp
