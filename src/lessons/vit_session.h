// The Vision Transformer lesson's state as the reader sees it, without any UI: the models to
// choose from (the bundled ones and checkpoints the user opened), the image (the user's drawing
// or a file), its preprocessing into the model input, the interventions (heads or layers off,
// occluded patches) and the run of the model over the input, stage by stage. The weights and
// the run itself are the engine's (lessons/vit_worker.h, away from the drawing thread): the
// session asks with requests (take_requests) and keeps what the replies bring (receive). The
// ViT scene draws it; tests drive it against a VitWorker.
//
//   files:   an image, a safetensors checkpoint, or a config / labels file, told apart by content
//   input:   image -> preprocess (the model's recipe) -> [C*H, W]
//   run:     vit.run, then a vit.stage per layer as the engine computes it, then vit.result
//
// Every change that makes the run stale (another model, image or intervention) asks for a new
// run; what the old one still sends is ignored. A problem with the current model or image is
// message(); a file refused leaves everything as it was and is refusal().
#pragma once
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "formats/engine_message.h"
#include "formats/image.h"
#include "formats/image_preprocess.h"
#include "models/vit_naming.h"
#include "models/vit_run.h"

namespace vp {

// A model to choose from, as the engine described it when it loaded the weights: its sizes,
// labels and preprocessing, and the pictures read off its weights alone.
struct VitSessionModel {
  static constexpr int kFiltersShown = 64, kFiltersPerRow = 16;

  int id = 0;        // the engine's
  std::string name;  // "mnist-vit", or the checkpoint's file name
  bool bundled = false;
  VitConfig config;
  std::vector<std::string> labels;  // num_classes names, or none
  PreprocessSpec preprocess;
  Mat filters;    // filter_mosaic of the first kFiltersShown filters, kFiltersPerRow a row
  Mat positions;  // similarity_mosaic of the position embeddings

  // A vit.model; a model without labels gets default_labels (models_dir). Throws vp::Error.
  static VitSessionModel from_message(const EngineMessage& m, const std::string& models_dir);
};

class VitSession {
 public:
  // The bundled models are read from models_dir (and sent to the engine) lazily
  // (load_bundled_models). drawing: the image of the user's drawing, the input until a file's
  // image is opened.
  VitSession(std::string models_dir, RgbaImage drawing);

  // The requests for the engine since the last call, oldest first.
  std::vector<EngineMessage> take_requests();
  // A vit.* or engine.* reply of the engine.
  void receive(const EngineMessage& reply);

  // Sends the bundled models to the engine, once (later calls do nothing); the first is
  // selected when the engine has read it. A failure becomes message().
  void load_bundled_models();
  bool loading() const { return bundled_pending_ > 0 || !pending_files_.empty(); }  // models on their way
  const std::vector<VitSessionModel>& models() const { return models_; }
  const VitSessionModel* model() const { return model_index_ < models_.size() ? &models_[model_index_] : nullptr; }
  size_t model_index() const { return model_index_; }  // kNoModel until one is selected
  static constexpr size_t kNoModel = SIZE_MAX;
  // Selects models()[index]: its interventions are cleared and the image is prepared again.
  void select_model(size_t index);

  // Files the user gives. Each returns "" or the refusal "NAME: why" (also refusal()), leaving
  // everything as it was. An image already decoded to RGBA becomes the input; other bytes are
  // a safetensors checkpoint (sent to the engine: once loaded it is added to models() and
  // selected; the engine's refusal comes later as refusal()), a config or labels file (read
  // for the checkpoints opened after it), or refused. files_opened() counts the files taken;
  // refused_file() is the number of the last one refused.
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
  int files_opened() const { return files_opened_; }
  int refused_file() const { return refused_file_; }

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

  // ---- the run (the engine's; its stages arrive as it computes them) ----
  const VitRun& run() const { return run_; }
  bool computing() const { return awaiting_run_; }  // a run was asked for and is not finished
  bool settled() const { return !loading() && !computing(); }  // nothing waits for the engine
  // [g, g] the class token's row of the attention rollout, computed with the run; empty until
  // the run finished.
  const Mat& rollout() const { return rollout_; }

  // ---- reading the result ----
  std::string label(int index) const;  // the class name, or its index when the model has none
  int grid() const;                    // patches per side (0 without a model)
  std::vector<std::pair<int, float>> top(int k) const;  // of a finished run, else empty

  const std::string& message() const { return message_; }  // what went wrong with the model or image
  void set_message(std::string message) { message_ = std::move(message); }
  const std::string& refusal() const { return refusal_; }  // the last file refused

  // What the lesson shows, for the page API and tests: model, models, image, input,
  // preprocess, top, computing, loading, layers_done, layers, heads, interventions, config, error.
  nlohmann::json state_json() const;
  // Where the files given so far stand, for the page's openFile to wait on:
  // {opened, refused_file, refusal, settled} (settled: no model on its way, no run computing).
  nlohmann::json files_json() const;

 private:
  template <class Open>
  std::string refuse_or_clear(const std::string& file_name, Open open);
  void refuse(const std::string& refusal);
  void reprepare();
  void restart();
  void take_stage(const EngineMessage& m);

  std::vector<VitSessionModel> models_;
  size_t model_index_ = kNoModel;
  std::string models_dir_;
  bool models_tried_ = false;
  int bundled_pending_ = 0;  // bundled models the engine is reading
  std::deque<int> pending_files_;  // the numbers of the checkpoints sent to the engine, oldest first
  std::vector<EngineMessage> requests_;
  std::string hints_text_;  // a config / labels file's text, for checkpoints opened after it
  std::string hints_name_;
  int files_opened_ = 0, refused_file_ = 0;
  int run_id_ = 0;
  bool awaiting_run_ = false;

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
