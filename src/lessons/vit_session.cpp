#include "lessons/vit_session.h"

#include <algorithm>
#include <cctype>

#include "formats/file_bytes.h"
#include "formats/file_kind.h"
#include "lessons/vit_messages.h"

namespace vp {

namespace {

constexpr const char* kBundledModels[] = {"mnist-vit", "fashion-vit"};
constexpr int kDisplaySide = 512;  // the shown copy of a large photo

constexpr const char* kNotAFile =
    "not an image, a safetensors checkpoint or a config (JSON, or a labels file with one class name per line)";

// A small copy of the image as given (RGB planes), for showing a 4000-pixel photo cheaply.
Mat display_planes(const RgbaImage& image) {
  const Mat planes = rgba_to_planes(image, 3);
  const int side = std::max(image.width, image.height);
  if (side <= kDisplaySide) return planes;
  const int h = std::max(1, image.height * kDisplaySide / side), w = std::max(1, image.width * kDisplaySide / side);
  return resize_planes(planes, 3, h, w);
}

// Text is a config when it is a JSON object, or labels when it has at least two lines (a
// sentence in a file named like an image is neither).
bool looks_like_config(const std::vector<uint8_t>& text) {
  const auto first = std::find_if(text.begin(), text.end(), [](uint8_t c) { return !std::isspace(c); });
  if (first != text.end() && *first == '{') return true;
  int lines = 0;
  bool in_line = false;
  for (uint8_t c : text) {
    if (c == '\n') in_line = false;
    else if (!std::isspace(c) && !in_line) in_line = true, ++lines;
  }
  return lines >= 2;
}

// Rows of whole numbers, one column per bound [lo, hi] (interventions as 1-based indices).
// Returns "" and fills out, or says what is wrong.
std::string index_rows(const nlohmann::json& v, const std::vector<std::pair<int, int>>& bounds,
                       std::vector<std::vector<int>>* out) {
  if (!v.is_array()) return "expected a list of rows";
  for (const auto& row : v) {
    if (!row.is_array() || row.size() != bounds.size())
      return "every row has " + std::to_string(bounds.size()) + " number(s), got " + row.dump();
    std::vector<int> r;
    for (size_t k = 0; k < bounds.size(); ++k) {
      if (!row[k].is_number_integer() || row[k].get<int>() < bounds[k].first || row[k].get<int>() > bounds[k].second)
        return row[k].dump() + " is out of range " + std::to_string(bounds[k].first) + ".." +
               std::to_string(bounds[k].second);
      r.push_back(row[k].get<int>());
    }
    out->push_back(std::move(r));
  }
  return "";
}

}  // namespace

VitSessionModel VitSessionModel::from_message(const EngineMessage& m, const std::string& models_dir) {
  if (m.mats.size() != 2) throw Error("vit.model: expected the filters and the position similarity");
  VitSessionModel model;
  model.id = message_field<int>(m.fields, "id");
  model.name = message_field<std::string>(m.fields, "name");
  model.bundled = message_field<bool>(m.fields, "bundled");
  model.config = vit_config_from(message_field<nlohmann::json>(m.fields, "config"));
  model.labels = message_field<std::vector<std::string>>(m.fields, "labels");
  model.preprocess = preprocess_from(message_field<nlohmann::json>(m.fields, "preprocess"));
  if (model.labels.empty()) model.labels = default_labels(model.config.num_classes, models_dir);
  model.filters = m.mats[0];
  model.positions = m.mats[1];
  return model;
}

VitSession::VitSession(std::string models_dir, RgbaImage drawing)
    : models_dir_(std::move(models_dir)), image_(std::move(drawing)) {}

std::vector<EngineMessage> VitSession::take_requests() {
  std::vector<EngineMessage> out;
  out.swap(requests_);
  return out;
}

// ---- models ----

void VitSession::load_bundled_models() {
  if (models_tried_) return;
  models_tried_ = true;
  try {
    std::vector<EngineMessage> loads;
    for (const char* name : kBundledModels) {
      const std::string path = models_dir_ + "/" + name;
      const std::vector<uint8_t> config = read_file_bytes(path + ".json", 1 << 20, "model config");
      loads.push_back({"vit.load",
                       {{"name", name}, {"bundled", true}, {"hints", std::string(config.begin(), config.end())}},
                       {},
                       read_file_bytes(path + ".safetensors", kMaxCheckpointBytes, "checkpoint")});
    }
    for (EngineMessage& m : loads) requests_.push_back(std::move(m));
    bundled_pending_ = static_cast<int>(loads.size());
  } catch (const Error& e) {
    message_ = std::string("Could not load the bundled models: ") + e.what();
  }
}

void VitSession::select_model(size_t index) {
  model_index_ = index;
  interventions_ = {};
  reprepare();
}

// ---- files ----

// Runs open(); a vp::Error is the refusal, returned, with the session as it was.
template <class Open>
std::string VitSession::refuse_or_clear(const std::string& file_name, Open open) {
  ++files_opened_;
  try {
    const std::string before = message_;
    message_.clear();  // a problem of the previous image or model, unless open() says otherwise
    try {
      open();
    } catch (const Error&) {
      message_ = before;
      throw;
    }
    refusal_.clear();
    return "";
  } catch (const Error& e) {
    refuse(file_name + ": " + e.what());
    return refusal_;
  }
}

void VitSession::refuse(const std::string& refusal) {
  refusal_ = refusal;
  refused_file_ = files_opened_;
}

std::string VitSession::open_image(const std::string& file_name, RgbaImage image) {
  return refuse_or_clear(file_name, [&] {
    load_bundled_models();
    // refuses before changing anything; without a model yet, prepared when the models arrive
    std::optional<Preprocessed> prepared;
    if (model()) prepared = preprocess_image(image, model()->preprocess);
    shown_ = display_planes(image);
    image_ = std::move(image);
    image_name_ = file_name;
    from_drawing_ = false;
    prepared_ = std::move(prepared);
    interventions_.patches_occluded.clear();
    restart();
  });
}

std::string VitSession::open_data(const std::string& file_name, const std::vector<uint8_t>& bytes) {
  return refuse_or_clear(file_name, [&] {
    switch (file_kind(bytes.data(), bytes.size())) {
      case FileKind::safetensors:  // read by the engine, which keeps the weights
        requests_.push_back({"vit.load", {{"name", file_name}, {"bundled", false}, {"hints", hints_text_}}, {}, bytes});
        pending_files_.push_back(files_opened_);
        break;
      case FileKind::text: {  // a config or labels file: it describes the checkpoints opened after it
        if (!looks_like_config(bytes)) throw Error(kNotAFile);
        std::string text(bytes.begin(), bytes.end());
        parse_vit_hints(text);  // refuses a bad one now, by name
        hints_text_ = std::move(text);
        hints_name_ = file_name;
        break;
      }
      case FileKind::image:  // only images the platform could not decode come here
        throw Error("not a readable image: truncated, corrupt, or in a format this platform cannot decode");
      default:
        throw Error(bytes.empty() ? "the file is empty" : kNotAFile);
    }
  });
}

// ---- the drawing ----

void VitSession::use_drawing(RgbaImage drawing) {
  from_drawing_ = true;
  image_ = std::move(drawing);
  image_name_.clear();
  interventions_.patches_occluded.clear();
  reprepare();
}

void VitSession::set_drawing(RgbaImage drawing) {
  image_ = std::move(drawing);
  reprepare();
}

void VitSession::clear_drawing(RgbaImage blank) {
  image_ = std::move(blank);
  prepared_.reset();
  run_ = {};
}

// ---- the model input and the run ----

// The current image through the current model's preprocessing; a failure becomes the message,
// and the model input from before is dropped (it belonged to another model or image).
void VitSession::reprepare() {
  prepared_.reset();
  run_ = {};
  awaiting_run_ = false;
  if (!model()) return;
  try {
    prepared_ = preprocess_image(image_, model()->preprocess);
    restart();
  } catch (const Error& e) {
    message_ = e.what();
  }
}

void VitSession::restart() {
  run_ = {};
  rollout_.resize(0, 0);
  awaiting_run_ = false;
  if (!model() || !prepared_) return;
  awaiting_run_ = true;
  requests_.push_back({"vit.run",
                       {{"run", ++run_id_}, {"model", model()->id}, {"interventions", interventions_message_json(interventions_)}},
                       {prepared_->input},
                       {}});
}

void VitSession::receive(const EngineMessage& reply) {
  try {
    const bool bundled = reply.fields.value("bundled", false);
    if ((reply.kind == "vit.model" || reply.kind == "vit.refused") && bundled) --bundled_pending_;
    if (reply.kind == "vit.model") {
      models_.push_back(VitSessionModel::from_message(reply, models_dir_));
      if (!bundled) {
        if (!pending_files_.empty()) pending_files_.pop_front();
        select_model(models_.size() - 1);
      } else if (model_index_ == kNoModel) {
        select_model(models_.size() - 1);
      }
    } else if (reply.kind == "vit.refused") {
      if (bundled) {
        message_ = "Could not load the bundled models: " + reply.fields.value("name", std::string()) + ": " +
                   reply.fields.value("error", std::string());
      } else {
        const int file = pending_files_.empty() ? files_opened_ : pending_files_.front();
        if (!pending_files_.empty()) pending_files_.pop_front();
        refusal_ = reply.fields.value("name", std::string()) + ": " + reply.fields.value("error", std::string());
        refused_file_ = file;
      }
    } else if (reply.kind == "vit.stage" || reply.kind == "vit.result" || reply.kind == "vit.failed") {
      if (reply.fields.value("run", -1) == run_id_ && awaiting_run_) take_stage(reply);
    } else if (reply.kind == "engine.failed") {
      const std::string error = reply.fields.value("error", std::string());
      if (bundled_pending_ > 0 || awaiting_run_) message_ = error;
      if (!pending_files_.empty()) {
        refusal_ = error;
        refused_file_ = pending_files_.back();
      }
      bundled_pending_ = 0;
      awaiting_run_ = false;
      pending_files_.clear();
    }
  } catch (const std::exception& e) {  // vp::Error, or a field of the wrong type (nlohmann::json)
    message_ = e.what();
    awaiting_run_ = false;
  }
}

// A stage of the current run: the embedding (layer -1), a layer's attention, or the result.
void VitSession::take_stage(const EngineMessage& m) {
  if (m.kind == "vit.failed") {
    message_ = m.fields.value("error", std::string());
    run_ = {};
    awaiting_run_ = false;
    return;
  }
  if (m.kind == "vit.result") {
    if (m.mats.size() != 3) throw Error("vit.result: expected the logits, the probabilities and the rollout");
    run_.logits = m.mats[0];
    run_.probabilities = m.mats[1];
    rollout_ = m.mats[2];
    awaiting_run_ = false;
    return;
  }
  const int layer = m.fields.value("layer", -2);
  if (layer == -1) {
    if (m.mats.size() != 3) throw Error("vit.stage: expected the patches, the embedding and z_0");
    run_.patches = m.mats[0];
    run_.embedded = m.mats[1];
    run_.z0 = m.mats[2];
  } else if (layer == run_.layers_done()) {
    run_.attention.push_back(m.mats);
  } else {
    throw Error("vit.stage: layer " + std::to_string(layer) + " out of order");
  }
}

// ---- interventions ----

void VitSession::toggle_head(int layer, int head) {
  const auto& c = model()->config;
  interventions_.heads_off.resize(c.depth);
  interventions_.heads_off[layer].resize(c.heads);
  interventions_.heads_off[layer][head] = !interventions_.heads_off[layer][head];
  restart();
}

void VitSession::toggle_layer(int layer) {
  interventions_.attention_off.resize(model()->config.depth);
  interventions_.attention_off[layer] = !interventions_.attention_off[layer];
  restart();
}

void VitSession::toggle_patch(int patch) {
  interventions_.patches_occluded.resize(grid() * grid());
  interventions_.patches_occluded[patch] = !interventions_.patches_occluded[patch];
  restart();
}

void VitSession::reset_interventions() {
  interventions_ = {};
  restart();
}

nlohmann::json VitSession::interventions_json() const {
  nlohmann::json heads = nlohmann::json::array(), layers = nlohmann::json::array(), patches = nlohmann::json::array();
  for (size_t l = 0; l < interventions_.heads_off.size(); ++l)
    for (size_t h = 0; h < interventions_.heads_off[l].size(); ++h)
      if (interventions_.heads_off[l][h]) heads.push_back({l + 1, h + 1});
  for (size_t l = 0; l < interventions_.attention_off.size(); ++l)
    if (interventions_.attention_off[l]) layers.push_back(l + 1);
  for (size_t p = 0; p < interventions_.patches_occluded.size(); ++p)
    if (interventions_.patches_occluded[p]) patches.push_back(p);
  return {{"heads_off", heads}, {"layers_off", layers}, {"occluded", patches}};
}

nlohmann::json VitSession::export_interventions() const {
  nlohmann::json j = interventions_json(), out;
  out["heads_off"] = j["heads_off"];
  out["layers_off"] = nlohmann::json::array();
  // json::array({x}), not {x}: a braced single json is copied by some compilers (clang, so
  // the page) and wrapped by others
  for (const auto& l : j["layers_off"]) out["layers_off"].push_back(nlohmann::json::array({l}));
  out["occluded"] = nlohmann::json::array();
  for (const auto& p : j["occluded"]) out["occluded"].push_back(nlohmann::json::array({p}));
  return out;
}

std::vector<std::string> VitSession::import_interventions(const nlohmann::json& inputs) {
  std::vector<std::string> notices;
  if (!model()) return {"no model is loaded"};
  const auto& c = model()->config;
  VitInterventions iv = interventions_;
  for (const auto& [key, value] : inputs.items()) {
    std::vector<std::vector<int>> r;
    std::string wrong;
    if (key == "heads_off" && (wrong = index_rows(value, {{1, c.depth}, {1, c.heads}}, &r)).empty()) {
      iv.heads_off.assign(c.depth, std::vector<bool>(c.heads, false));
      for (const auto& lh : r) iv.heads_off[lh[0] - 1][lh[1] - 1] = true;
    } else if (key == "layers_off" && (wrong = index_rows(value, {{1, c.depth}}, &r)).empty()) {
      iv.attention_off.assign(c.depth, false);
      for (const auto& l : r) iv.attention_off[l[0] - 1] = true;
    } else if (key == "occluded" && (wrong = index_rows(value, {{0, c.num_patches() - 1}}, &r)).empty()) {
      iv.patches_occluded.assign(c.num_patches(), false);
      for (const auto& p : r) iv.patches_occluded[p[0]] = true;
    } else {
      notices.push_back(wrong.empty() ? "scene vit has no input '" + key + "'" : key + ": " + wrong);
    }
  }
  interventions_ = iv;
  restart();
  return notices;
}

// ---- reading the result ----

std::string VitSession::label(int index) const {
  const auto& labels = model()->labels;
  return index >= 0 && index < static_cast<int>(labels.size()) ? labels[index] : std::to_string(index);
}

int VitSession::grid() const {
  if (!model()) return 0;
  return model()->config.image_size / model()->config.patch_size;
}

std::vector<std::pair<int, float>> VitSession::top(int k) const {
  if (!run_.finished()) return {};
  return top_classes(run_.probabilities, k);
}

nlohmann::json VitSession::state_json() const {
  nlohmann::json j;
  j["model"] = model() ? model()->name : "";
  nlohmann::json names = nlohmann::json::array();
  for (const VitSessionModel& m : models_) names.push_back(m.name);
  j["models"] = names;
  j["image"] = {{"width", image_.width}, {"height", image_.height}, {"name", image_name_}};
  j["input"] = from_drawing_ ? "pad" : "file";
  if (prepared_) {
    nlohmann::json stages = nlohmann::json::array();
    for (const auto& s : prepared_->stages) stages.push_back(s.id);
    j["preprocess"] = {{"recipe", model()->preprocess.recipe}, {"stages", stages},
                       {"inverted", prepared_->inverted}};
  }
  j["top"] = nlohmann::json::array();
  for (const auto& [index, prob] : top(5)) j["top"].push_back({{"label", label(index)}, {"index", index}, {"prob", prob}});
  j["computing"] = computing();
  j["loading"] = loading();
  j["layers_done"] = run_.layers_done();
  if (model()) {
    j["layers"] = model()->config.depth;
    j["heads"] = model()->config.heads;
  }
  j["interventions"] = interventions_json();
  j["config"] = hints_name_;  // the config or labels file read for the checkpoints opened after it
  if (!message_.empty()) j["error"] = message_;
  return j;
}

nlohmann::json VitSession::files_json() const {
  return {{"opened", files_opened_}, {"refused_file", refused_file_}, {"refusal", refusal_},
          {"settled", settled()}};
}

}  // namespace vp
