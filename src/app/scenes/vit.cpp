// Scene 8: the Vision Transformer on the user's own image. Every stage is shown: the image and
// its preprocessing, the patches, the patch embedding (matrix and filters), class token and
// position embeddings, each layer's per-head attention (over the image, hover a patch to see
// what it attends to and what attends to it), attention rollout, and the top-5 classes.
// Interventions (a head off, a layer's attention off, occluded patches) rerun the model live.
// The math is formats/image_preprocess, models/vit_run, lessons/attention_rollout, lessons/vit_maps; this
// file draws it. Heavy models advance a layer at a time, a few milliseconds per frame.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include <imgui.h>

#include "app/i18n.h"
#include "app/scene.h"
#include "app/widgets/drawing_pad.h"
#include "app/widgets/heatmap.h"
#include "app/widgets/image_view.h"
#include "app/widgets/item_rects.h"
#include "app/widgets/matrix_view.h"
#include "app/widgets/scene_frame.h"
#include "app/widgets/text.h"
#include "lessons/attention_rollout.h"
#include "formats/file_kind.h"
#include "formats/image_preprocess.h"
#include "formats/safetensors.h"
#include "lessons/vit_maps.h"
#include "models/vit_naming.h"
#include "models/vit_run.h"
#include "platform/data_paths.h"
#include "platform/file_chooser.h"

namespace vp::app {

namespace {

float em(float n) { return n * ImGui::GetFontSize(); }

constexpr const char* kBundled[] = {"mnist-vit", "fashion-vit"};
constexpr double kFrameBudgetMs = 12;  // model work per frame: the page stays at ~60 fps
constexpr int kDisplaySide = 512;      // the shown copy of a large photo

constexpr int kFiltersShown = 64, kFiltersPerRow = 16;

struct Model {
  std::string name;  // "mnist-vit", or the checkpoint's file name
  bool bundled = false;
  VitCheckpoint checkpoint;
  // Pictures read off the weights alone, made once when the model is loaded rather than every
  // frame (ViT-Ti's position similarity is a [196, 192] x [192, 196] product).
  Mat filters;    // filter_mosaic of the first kFiltersShown filters
  Mat positions;  // similarity_mosaic of the position embeddings

  Model(std::string model_name, bool is_bundled, VitCheckpoint loaded)
      : name(std::move(model_name)), bundled(is_bundled), checkpoint(std::move(loaded)) {
    fill_default_labels(checkpoint, platform::models_dir());
    const Vit& v = checkpoint.model;
    filters = filter_mosaic(v.conv_proj, std::min(v.config.dim, kFiltersShown), kFiltersPerRow);
    positions = similarity_mosaic(position_similarity(v.pos_embedding), v.config.image_size / v.config.patch_size);
  }
};

Model load_bundled(const std::string& name) {
  const std::string dir = platform::models_dir();
  return Model(name, true, load_vit_checkpoint(read_safetensors(dir + "/" + name + ".safetensors"),
                                               read_vit_hints(dir + "/" + name + ".json")));
}

// A small copy of the image as given (RGB planes), for showing a 4000-pixel photo cheaply.
Mat display_planes(const RgbaImage& image) {
  const Mat planes = rgba_to_planes(image, 3);
  const int side = std::max(image.width, image.height);
  if (side <= kDisplaySide) return planes;
  const int h = std::max(1, image.height * kDisplaySide / side), w = std::max(1, image.width * kDisplaySide / side);
  return resize_planes(planes, 3, h, w);
}

// The preprocessing stages' titles, by stage id.
const char* stage_title(const std::string& id) {
  if (id == "grayscale") return tr("grayscale", "灰度");
  if (id == "inverted") return tr("light background inverted", "浅色背景反相");
  if (id == "ink") return tr("ink stretched, light on dark", "笔迹拉伸为暗底亮字");
  if (id == "cropped") return tr("cropped", "裁剪");
  if (id == "fitted") return tr("fitted into 20x20", "缩放到 20x20");
  if (id == "centred") return tr("centred in 28x28", "居中到 28x28");
  if (id == "resized") return tr("shorter side resized", "短边缩放");
  return tr("normalised: model input", "归一化:模型输入");
}

constexpr const char* kNotAFile =
    "not an image, a safetensors checkpoint or a config (JSON, or a labels file with one class name per line)";

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

// A matrix with a row per token, by colour only (blue negative, red positive, +-range), its
// rows squeezed into about `height` pixels: ViT-Ti's [197, 192] as a grid of cells would be
// 4,700 pixels of grid lines. Returns the hovered row, -1 none.
int token_matrix(const char* title, const Mat& m, float width, float height, float range) {
  ImGui::BeginGroup();
  ImGui::Text("%s [%d, %d]", title, static_cast<int>(m.rows()), static_cast<int>(m.cols()));
  const float row_h = std::clamp(height / static_cast<float>(m.rows()), 1.0f, em(1.2f));
  int row = -1, col = -1;
  range = std::max(range, 1e-6f);
  heatmap(title, m, ImVec2(width, row_h * m.rows()), ColorMap::diverging, -range, range, &row, &col);
  colormap_legend(ColorMap::diverging, -range, range, std::min(width, em(14)));
  ImGui::EndGroup();
  return row;
}

// What the user clicked or hovered on a picture with the patch grid.
struct GridHit {
  int hovered = -1;  // patch index, -1 none
  bool clicked = false;
};

class VitScene : public Scene {
 public:
  VitScene() {
    // a "3" on the pad, so the scene shows a prediction before the user does anything
    const float s = static_cast<float>(pad_.ink.cols()) / 112.0f;
    const ImVec2 three[] = {{34, 28}, {52, 20}, {72, 26}, {76, 42}, {58, 54}, {76, 64}, {78, 82}, {58, 94}, {34, 88}};
    for (int i = 0; i + 1 < 9; ++i)
      pad_stroke(pad_, ImVec2(three[i].x * s, three[i].y * s), ImVec2(three[i + 1].x * s, three[i + 1].y * s));
    image_ = pad_image(pad_);
  }

  const char* name() const override { return "vit"; }
  const char* title() const override { return tr("Vision Transformer", "视觉 Transformer"); }
  int step_count() const override { return 7; }

  void draw() override {
    const char* titles[] = {tr("Your image", "你的图像"),
                            tr("Patches", "图像块"),
                            tr("Patch embedding", "图像块嵌入"),
                            tr("Class token + positions", "类别词元 + 位置"),
                            tr("Attention per layer", "逐层注意力"),
                            tr("Attention rollout", "注意力累积"),
                            tr("Prediction", "预测")};
    ensure_models();
    advance();
    begin_scene(title(), step_, step_count(), titles, stepper_state_);
    toolbar();
    if (!message_.empty()) error_text(message_);
    if (!refusal_.empty()) error_text(refusal_);
    if (model_ && prepared_) {
      switch (step_) {
        case 1: draw_input_step(); break;
        case 2: draw_patches_step(); break;
        case 3: draw_embedding_step(); break;
        case 4: draw_positions_step(); break;
        case 5: draw_attention_step(); break;
        case 6: draw_rollout_step(); break;
        default: draw_prediction_step(); break;
      }
    } else if (step_ == 1) {
      draw_input_step();
    }
    end_scene();
  }

  nlohmann::json state() const override {
    nlohmann::json j;
    j["model"] = model_ ? model_->name : "";
    nlohmann::json names = nlohmann::json::array();
    for (const Model& m : models_) names.push_back(m.name);
    j["models"] = names;
    j["image"] = {{"width", image_.width}, {"height", image_.height}, {"name", image_name_}};
    j["input"] = from_pad_ ? "pad" : "file";
    if (prepared_) {
      nlohmann::json stages = nlohmann::json::array();
      for (const auto& s : prepared_->stages) stages.push_back(s.id);
      j["preprocess"] = {{"recipe", model_->checkpoint.preprocess.recipe}, {"stages", stages},
                         {"inverted", prepared_->inverted}};
    }
    j["top"] = nlohmann::json::array();
    if (run_.finished())
      for (const auto& [index, prob] : top_classes(run_.probabilities, 5))
        j["top"].push_back({{"label", label(index)}, {"index", index}, {"prob", prob}});
    j["computing"] = computing();
    j["layers_done"] = run_.layers_done();
    j["layer"] = layer_ + 1;
    j["head"] = head_ + 1;
    if (model_) {
      j["layers"] = model_->checkpoint.model.config.depth;
      j["heads"] = model_->checkpoint.model.config.heads;
    }
    j["interventions"] = interventions_json();
    j["config"] = hints_name_;  // the config or labels file read for the checkpoints opened after it
    if (!message_.empty()) j["error"] = message_;
    return j;
  }

  std::string open_image(const std::string& file_name, RgbaImage image) override {
    return refuse_or_clear(file_name, [&] {
      ensure_models();
      if (!model_) throw Error("no model is loaded");
      Preprocessed prepared = preprocess_image(image, model_->checkpoint.preprocess);  // refuses before changing anything
      shown_ = display_planes(image);
      image_ = std::move(image);
      image_name_ = file_name;
      from_pad_ = false;
      prepared_ = std::move(prepared);
      interventions_.patches_occluded.clear();
      restart();
    });
  }

  std::string open_data(const std::string& file_name, const std::vector<uint8_t>& bytes) override {
    return refuse_or_clear(file_name, [&] {
      switch (file_kind(bytes.data(), bytes.size())) {
        case FileKind::safetensors: {
          models_.emplace_back(file_name, false, load_vit_checkpoint(parse_safetensors(bytes.data(), bytes.size()), hints_));
          select_model(models_.size() - 1);
          break;
        }
        case FileKind::text:  // a config or labels file: it describes the checkpoints opened after it
          if (!looks_like_config(bytes)) throw Error(kNotAFile);
          hints_ = parse_vit_hints(std::string(bytes.begin(), bytes.end()));
          hints_name_ = file_name;
          break;
        case FileKind::image:  // only images the platform could not decode come here
          throw Error("not a readable image: truncated, corrupt, or in a format this platform cannot decode");
        default:
          throw Error(bytes.empty() ? "the file is empty" : kNotAFile);
      }
    });
  }

  // The interventions, for shared links and the page's setMatrix: 1-based [[layer, head], ...],
  // [[layer], ...], [[patch], ...] (patches 0-based, row by row, as in the scene).
  nlohmann::json export_inputs() const override {
    nlohmann::json j = interventions_json(), out;
    out["heads_off"] = j["heads_off"];
    out["layers_off"] = nlohmann::json::array();
    for (const auto& l : j["layers_off"]) out["layers_off"].push_back({l});
    out["occluded"] = nlohmann::json::array();
    for (const auto& p : j["occluded"]) out["occluded"].push_back({p});
    return out;
  }

  std::vector<std::string> import_inputs(const nlohmann::json& inputs) override {
    std::vector<std::string> notices;
    if (!model_) return {"no model is loaded"};
    const auto& c = model_->checkpoint.model.config;
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

 private:
  // ---- models, input, computation ----

  // Runs open(); a vp::Error is the refusal, shown on screen and returned, with the scene as it was.
  template <class Open>
  std::string refuse_or_clear(const std::string& file_name, Open open) {
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
      refusal_ = file_name + ": " + e.what();
      return refusal_;
    }
  }

  void ensure_models() {
    if (!models_.empty() || models_tried_) return;
    models_tried_ = true;
    try {
      for (const char* name : kBundled) models_.push_back(load_bundled(name));
      select_model(0);
    } catch (const Error& e) {
      message_ = std::string(tr("Could not load the bundled models: ", "无法加载内置模型:")) + e.what();
    }
  }

  void select_model(size_t index) {
    model_ = &models_[index];
    model_index_ = index;
    interventions_ = {};
    layer_ = std::clamp(layer_, 0, model_->checkpoint.model.config.depth - 1);
    head_ = std::clamp(head_, 0, model_->checkpoint.model.config.heads - 1);
    reprepare();
  }

  // The current image through the current model's preprocessing; a failure is shown, and the
  // model input from before is dropped (it belonged to another model or image).
  void reprepare() {
    prepared_.reset();
    run_ = {};
    if (!model_) return;
    try {
      prepared_ = preprocess_image(image_, model_->checkpoint.preprocess);
      restart();
    } catch (const Error& e) {
      message_ = e.what();
    }
  }

  void restart() {
    run_ = {};
    rollout_.resize(0, 0);
    if (!model_ || !prepared_) return;
    try {
      run_ = vit_run_start(model_->checkpoint.model, prepared_->input);
    } catch (const Error& e) {
      message_ = e.what();
      prepared_.reset();
    }
  }

  bool computing() const { return prepared_ && run_.z0.size() > 0 && !run_.finished(); }

  // Runs layers until the frame's budget is spent (all of a small model in one frame).
  void advance() {
    if (!computing()) return;
    const auto start = std::chrono::steady_clock::now();
    try {
      while (!vit_run_step(model_->checkpoint.model, interventions_, run_)) {
        const std::chrono::duration<double, std::milli> spent = std::chrono::steady_clock::now() - start;
        if (spent.count() > kFrameBudgetMs) break;
      }
    } catch (const Error& e) {
      message_ = e.what();
      run_ = {};
    }
  }

  std::string label(int index) const {
    const auto& labels = model_->checkpoint.labels;
    return index >= 0 && index < static_cast<int>(labels.size()) ? labels[index] : std::to_string(index);
  }

  int grid() const { return model_->checkpoint.model.config.image_size / model_->checkpoint.model.config.patch_size; }

  nlohmann::json interventions_json() const {
    nlohmann::json heads = nlohmann::json::array(), layers = nlohmann::json::array(),
                   patches = nlohmann::json::array();
    for (size_t l = 0; l < interventions_.heads_off.size(); ++l)
      for (size_t h = 0; h < interventions_.heads_off[l].size(); ++h)
        if (interventions_.heads_off[l][h]) heads.push_back({l + 1, h + 1});
    for (size_t l = 0; l < interventions_.attention_off.size(); ++l)
      if (interventions_.attention_off[l]) layers.push_back(l + 1);
    for (size_t p = 0; p < interventions_.patches_occluded.size(); ++p)
      if (interventions_.patches_occluded[p]) patches.push_back(p);
    return {{"heads_off", heads}, {"layers_off", layers}, {"occluded", patches}};
  }

  void toggle_head(int layer, int head) {
    const auto& c = model_->checkpoint.model.config;
    interventions_.heads_off.resize(c.depth);
    interventions_.heads_off[layer].resize(c.heads);
    interventions_.heads_off[layer][head] = !interventions_.heads_off[layer][head];
    restart();
  }

  void toggle_layer(int layer) {
    interventions_.attention_off.resize(model_->checkpoint.model.config.depth);
    interventions_.attention_off[layer] = !interventions_.attention_off[layer];
    restart();
  }

  void toggle_patch(int patch) {
    interventions_.patches_occluded.resize(grid() * grid());
    interventions_.patches_occluded[patch] = !interventions_.patches_occluded[patch];
    restart();
  }

  // ---- shared pieces of the UI ----

  void toolbar() {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("Model", "模型"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em(10));
    if (ImGui::BeginCombo("##model", model_ ? model_->name.c_str() : "-")) {
      for (size_t i = 0; i < models_.size(); ++i)
        if (ImGui::Selectable(models_[i].name.c_str(), i == model_index_)) select_model(i);
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("Open image or checkpoint...", "打开图像或权重文件..."))) {
      if (!platform::open_file_chooser())
        message_ = tr("Drop an image or a .safetensors file on the window, or start with --image PATH.",
                      "把图像或 .safetensors 文件拖到窗口上,或用 --image 路径 启动。");
    }
    note_item_rect("button", "open");  // where tests find it (vitplay.debugInfo().items)
    ImGui::SameLine();
    if (ImGui::Button(tr("Draw", "手绘"))) use_pad();
    if (!hints_name_.empty()) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s %s", tr("config:", "配置:"), hints_name_.c_str());
    }
    prediction_line();
  }

  void use_pad() {
    from_pad_ = true;
    image_ = pad_image(pad_);
    image_name_.clear();
    interventions_.patches_occluded.clear();
    reprepare();
    step_ = 1;
  }

  // "Prediction: 3 (97.1 %)" or the progress of a heavy model, on every step.
  void prediction_line() {
    if (computing()) {
      const int depth = model_->checkpoint.model.config.depth;
      char text[64];
      std::snprintf(text, sizeof text, tr("layer %d of %d", "第 %d / %d 层"), run_.layers_done(), depth);
      ImGui::ProgressBar(static_cast<float>(run_.layers_done()) / depth, ImVec2(em(14), 0), text);
      return;
    }
    if (!run_.finished()) return;
    const auto top = top_classes(run_.probabilities, 1);
    ImGui::Text("%s  %s  (%.1f %%)", tr("Prediction:", "预测:"), label(top[0].first).c_str(), 100.0f * top[0].second);
    if (interventions_.any()) {
      ImGui::SameLine();
      ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.3f, 1.0f), "%s", tr("(with your interventions)", "(已加干预)"));
      ImGui::SameLine();
      if (ImGui::SmallButton(tr("Reset interventions", "撤销干预"))) {
        interventions_ = {};
        restart();
      }
    }
  }

  // The model input with its patch grid; an optional map over the patches (values in 0..hi)
  // drawn over it, occluded patches hatched. Returns the hovered patch and a click.
  GridHit input_with_grid(const char* id, float side, const Mat* overlay, float hi, int outlined = -1) {
    const int C = model_->checkpoint.model.config.channels, g = grid();
    const PreprocessStage& input = prepared_->stages.back();
    const Picture picture{&input.pixels, C, input.lo, input.hi, false};
    const ImVec2 pos = picture_view(id, picture, ImVec2(side, side));
    GridHit hit;
    if (ImGui::IsItemHovered()) {
      const ImVec2 m = ImGui::GetIO().MousePos;
      const int col = std::clamp(static_cast<int>((m.x - pos.x) / side * g), 0, g - 1);
      const int row = std::clamp(static_cast<int>((m.y - pos.y) / side * g), 0, g - 1);
      hit.hovered = row * g + col;
      hit.clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float cell = side / g;
    for (int p = 0; p < g * g; ++p) {
      const ImVec2 a(pos.x + (p % g) * cell, pos.y + (p / g) * cell), b(a.x + cell, a.y + cell);
      if (overlay) {
        const float t = hi > 0 ? std::clamp((*overlay)(p / g, p % g) / hi, 0.0f, 1.0f) : 0.0f;
        const ImU32 c = colormap_color(ColorMap::sequential, t);
        draw->AddRectFilled(a, b, (c & 0x00FFFFFF) | (static_cast<ImU32>(60 + 150 * t) << 24));
      }
      if (interventions_.occluded(p)) {
        draw->AddRectFilled(a, b, IM_COL32(20, 20, 20, 220));
        draw->AddLine(a, b, IM_COL32(200, 80, 80, 255), 2);
        draw->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, a.y), IM_COL32(200, 80, 80, 255), 2);
      }
    }
    const ImU32 line = IM_COL32(255, 255, 255, g > 16 ? 40 : 90);
    for (int i = 0; i <= g; ++i) {
      draw->AddLine(ImVec2(pos.x + i * cell, pos.y), ImVec2(pos.x + i * cell, pos.y + side), line);
      draw->AddLine(ImVec2(pos.x, pos.y + i * cell), ImVec2(pos.x + side, pos.y + i * cell), line);
    }
    const int mark = hit.hovered >= 0 ? hit.hovered : outlined;
    if (mark >= 0) {
      const ImVec2 a(pos.x + (mark % g) * cell, pos.y + (mark / g) * cell);
      draw->AddRect(a, ImVec2(a.x + cell, a.y + cell), IM_COL32(255, 60, 200, 255), 0, 0, 2.5f);
    }
    return hit;
  }

  // A small captioned map on the patch grid (a heatmap with a legend).
  void grid_map(const char* caption, const char* id, const Mat& map, float side) {
    ImGui::BeginGroup();
    ImGui::TextUnformatted(caption);
    const float hi = std::max(map.maxCoeff(), 1e-6f);
    heatmap(id, map, ImVec2(side, side), ColorMap::sequential, 0.0f, hi);
    colormap_legend(ColorMap::sequential, 0.0f, hi, side);
    ImGui::EndGroup();
  }

  void top5(float width) {
    if (!run_.finished()) return;
    for (const auto& [index, prob] : top_classes(run_.probabilities, 5)) {
      char text[96];
      std::snprintf(text, sizeof text, "%s  %.1f %%", label(index).c_str(), 100.0f * prob);
      ImGui::ProgressBar(prob, ImVec2(width, 0), text);
    }
  }

  // ---- the steps ----

  void draw_input_step() {
    paragraph(tr("A Vision Transformer reads an image as a sentence of patches. Draw a digit on the pad, or open "
                 "or drop an image (a photo of a handwritten digit, a piece of clothing for fashion-vit, any photo "
                 "for an ImageNet checkpoint). The image is first made to look like the model's training data:",
                 "视觉 Transformer 把图像当作由图像块组成的句子来读。在画板上写一个数字,或打开/拖入一张图片"
                 "(手写数字的照片、fashion-vit 用的衣物图片、ImageNet 权重用的任意照片)。图像先被处理成模型训练数据的样子:"));
    const float pad_side = std::min(em(12), ImGui::GetContentRegionAvail().x * 0.4f);
    ImGui::BeginGroup();
    if (from_pad_) {
      ImGui::TextUnformatted(tr("Draw here", "在这里写"));
      if (drawing_pad("pad", pad_, pad_side)) {
        image_ = pad_image(pad_);
        reprepare();
      }
      if (ImGui::Button(tr("Clear", "清空"))) {
        pad_.clear();
        image_ = pad_image(pad_);
        prepared_.reset();
        run_ = {};
      }
    } else {
      ImGui::Text("%s  %dx%d", image_name_.c_str(), image_.width, image_.height);
      const Picture original{&shown_, 3, 0.0f, 1.0f, true};
      picture_view("original", original, fit_picture(original, pad_side, pad_side));
    }
    ImGui::EndGroup();
    if (!prepared_) {
      if (from_pad_ && pad_.empty()) note(tr("Draw a digit: it is classified as you draw.", "写一个数字:边写边识别。"));
      return;
    }
    ImGui::SameLine(0, em(1.5f));
    ImGui::BeginGroup();
    ImGui::TextUnformatted(tr("Preprocessing", "预处理"));
    const float thumb = em(5.5f);
    for (size_t i = 0; i < prepared_->stages.size(); ++i) {
      const PreprocessStage& s = prepared_->stages[i];
      const Picture p{&s.pixels, s.channels, s.lo, s.hi, s.pixels.cols() > 64};
      if (i > 0) same_line_if_fits(thumb);
      ImGui::BeginGroup();
      ImGui::PushID(static_cast<int>(i));
      const ImVec2 size = fit_picture(p, thumb, thumb);
      picture_view("stage", p, size);
      ImGui::Dummy(ImVec2(0, thumb - size.y));
      ImGui::PopID();
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + thumb);
      ImGui::TextDisabled("%zu %s", i + 1, stage_title(s.id));
      ImGui::PopTextWrapPos();
      ImGui::EndGroup();
    }
    ImGui::EndGroup();
    ImGui::Spacing();
    const int g = grid(), P = model_->checkpoint.model.config.patch_size;
    ImGui::Text(tr("The model input, cut into %d x %d patches of %d x %d pixels (click a patch to hide it from the model):",
                   "模型输入,切成 %d x %d 个 %d x %d 像素的图像块(点击图像块可对模型遮住它):"),
                g, g, P, P);
    const GridHit hit = input_with_grid("input", em(14), nullptr, 0);
    if (hit.clicked) toggle_patch(hit.hovered);
    ImGui::SameLine(0, em(1.5f));
    ImGui::BeginGroup();
    ImGui::TextUnformatted(tr("Top 5", "前 5 名"));
    top5(em(14));
    ImGui::EndGroup();
  }

  void draw_patches_step() {
    const auto& c = model_->checkpoint.model.config;
    const int S = c.num_patches(), g = grid();
    char text[512];  // wrapped: one line of it is wider than the page
    std::snprintf(text, sizeof text,
                  tr("Each patch is flattened into one row of %d numbers (%d channel(s) x %d x %d pixels): the image "
                     "becomes a sequence of %d tokens, like the words of a sentence. Hover a patch or a row.",
                     "每个图像块被展平成一行 %d 个数(%d 个通道 x %d x %d 像素):图像变成 %d 个词元的序列,就像句子里的词。"
                     "把鼠标移到图像块或某一行上。"),
                  c.channels * c.patch_size * c.patch_size, c.channels, c.patch_size, c.patch_size, S);
    paragraph(text);
    const GridHit hit = input_with_grid("input", em(12), nullptr, 0, hovered_row_);
    hovered_row_ = hit.hovered;
    if (hit.clicked) toggle_patch(hit.hovered);
    ImGui::SameLine(0, em(1.5f));
    const float width = std::min(ImGui::GetContentRegionAvail().x - em(1), em(36));
    const PreprocessStage& input = prepared_->stages.back();
    const int row = token_matrix("patches", run_.patches, width, em(14), std::max(std::abs(input.lo), std::abs(input.hi)));
    if (row >= 0) hovered_row_ = row;
    if (hovered_row_ >= 0 && hovered_row_ < S)
      ImGui::Text(tr("patch %d: grid row %d, column %d", "图像块 %d:第 %d 行,第 %d 列"), hovered_row_,
                  hovered_row_ / g + 1, hovered_row_ % g + 1);
  }

  void draw_embedding_step() {
    const Vit& v = model_->checkpoint.model;
    const int D = v.config.dim;
    paragraph(tr("Patch embedding: one linear map E = patches W^T + b turns each patch into a D-dimensional vector. "
                 "Each row of W is a filter the size of a patch: the model's first look at the image.",
                 "图像块嵌入:一个线性映射 E = patches W^T + b 把每个图像块变成 D 维向量。W 的每一行都是一个图像块大小的滤波器:"
                 "模型看图的第一眼。"));
    formula("E = patches W^T + b");
    token_matrix("E", run_.embedded, std::min(ImGui::GetContentRegionAvail().x - em(1), em(30)), em(12),
                 run_.embedded.cwiseAbs().maxCoeff());
    ImGui::TextUnformatted(v.config.channels == 1
                               ? tr("Filters (rows of W), as pictures: blue negative, red positive",
                                    "滤波器(W 的行),画成图:蓝负红正")
                               : tr("Filters (rows of W), as pictures (mean of the colour channels): blue negative, "
                                    "red positive",
                                    "滤波器(W 的行),画成图(各颜色通道的平均):蓝负红正"));
    // all filters in one picture, each scaled to its own range: one texture, not 64
    const Mat& mosaic = model_->filters;
    const float tile = std::min(em(2.6f), ImGui::GetContentRegionAvail().x / kFiltersPerRow);
    const float scale = tile / (v.config.patch_size + 1);
    heatmap("filters", mosaic, ImVec2(scale * mosaic.cols(), scale * mosaic.rows()), ColorMap::diverging, -1.0f, 1.0f);
    const int shown = std::min(D, kFiltersShown);
    if (shown < D) ImGui::TextDisabled(tr("(the first %d of %d)", "(共 %2$d 个中的前 %1$d 个)"), shown, D);
  }

  void draw_positions_step() {
    paragraph(tr("A learned class token is put in front of the patches, and a learned position embedding is added to "
                 "every token: z_0 = [class; E] + pos. Each tile below is one patch's position embedding compared "
                 "(cosine) with all others, laid out on the grid: nearby patches learned similar positions, as in "
                 "the ViT paper.",
                 "在图像块前面放一个学到的类别词元,再给每个词元加上学到的位置嵌入:z_0 = [class; E] + pos。下面每个小格是一个"
                 "图像块的位置嵌入与所有其他位置的余弦相似度,按网格排列:相邻图像块学到了相似的位置,与 ViT 论文一致。"));
    formula("z_0 = [x_class; E] + E_pos");
    const Mat& mosaic = model_->positions;
    ImGui::BeginGroup();
    ImGui::TextUnformatted(tr("Position embedding similarity", "位置嵌入相似度"));
    const float side = std::min(em(20), ImGui::GetContentRegionAvail().x * 0.45f);
    heatmap("similarity", mosaic, ImVec2(side, side), ColorMap::diverging, -1.0f, 1.0f);
    colormap_legend(ColorMap::diverging, -1.0f, 1.0f, side);
    ImGui::EndGroup();
    ImGui::SameLine(0, em(1.5f));
    token_matrix("z_0", run_.z0, std::min(ImGui::GetContentRegionAvail().x - em(1), em(24)), side,
                 run_.z0.cwiseAbs().maxCoeff());
  }

  void layer_and_head_selectors() {
    const auto& c = model_->checkpoint.model.config;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("Layer", "层"));
    for (int l = 0; l < c.depth; ++l) {
      ImGui::SameLine();
      ImGui::PushID(l);
      char text[16];
      std::snprintf(text, sizeof text, "%d", l + 1);
      if (ImGui::RadioButton(text, layer_ == l)) layer_ = l;
      ImGui::PopID();
    }
    ImGui::SameLine(0, em(1.5f));
    bool off = interventions_.layer_off(layer_);
    if (ImGui::Checkbox(tr("switch this layer's attention off", "关闭这一层的注意力"), &off)) toggle_layer(layer_);
  }

  void draw_attention_step() {
    const auto& c = model_->checkpoint.model.config;
    paragraph(tr("In every layer each head computes softmax(Q K^T / sqrt(d)) over all tokens. Small maps: every head's "
                 "full attention matrix (click one to pick it, untick to switch the head off). Large: the class "
                 "token's attention over the patches. Hover a patch to see what it attends to and what attends to it; "
                 "click patches to occlude them.",
                 "每一层中,每个头对所有词元计算 softmax(Q K^T / sqrt(d))。小图:每个头完整的注意力矩阵(点击选中,取消勾选即关闭该头)。"
                 "大图:类别词元对各图像块的注意力。鼠标移到图像块上看它关注谁、谁关注它;点击图像块可遮住它。"));
    layer_and_head_selectors();
    if (run_.layers_done() <= layer_) {
      ImGui::TextDisabled("%s", tr("computing this layer...", "正在计算这一层..."));
      return;
    }
    const std::vector<Mat>& heads = run_.attention[layer_];
    const float small = std::clamp((ImGui::GetContentRegionAvail().x - em(2)) / c.heads - em(1), em(4), em(8));
    for (int h = 0; h < c.heads; ++h) {
      if (h > 0) same_line_if_fits(small);
      ImGui::BeginGroup();
      ImGui::PushID(h);
      bool on = !interventions_.head_off(layer_, h);
      char text[32];
      std::snprintf(text, sizeof text, tr("head %d", "头 %d"), h + 1);
      if (ImGui::Checkbox(text, &on)) toggle_head(layer_, h);
      const ImVec2 pos = ImGui::GetCursorScreenPos();
      heatmap("head", heads[h], ImVec2(small, small), ColorMap::sequential, 0.0f, std::max(heads[h].maxCoeff(), 1e-6f));
      if (ImGui::IsItemClicked()) head_ = h;
      if (h == head_)
        ImGui::GetWindowDrawList()->AddRect(pos, ImVec2(pos.x + small, pos.y + small), IM_COL32(255, 60, 200, 255), 0, 0, 3);
      ImGui::PopID();
      ImGui::EndGroup();
    }
    const Mat& a = heads[head_];
    const int g = grid();
    const Mat cls = attention_row_grid(a, 0, g, g);
    ImGui::Text(tr("Layer %d, head %d: the class token's attention", "第 %d 层,头 %d:类别词元的注意力"), layer_ + 1, head_ + 1);
    const GridHit hit = input_with_grid("cls", em(14), &cls, std::max(cls.maxCoeff(), 1e-6f), focus_patch_);
    if (hit.clicked) toggle_patch(hit.hovered);
    if (hit.hovered >= 0) focus_patch_ = hit.hovered;
    if (focus_patch_ < 0 || focus_patch_ >= g * g) {  // until one is hovered: the one the class token reads most
      Eigen::Index r = 0, c = 0;
      cls.maxCoeff(&r, &c);
      focus_patch_ = static_cast<int>(r * g + c);
    }
    {
      ImGui::SameLine(0, em(1.5f));
      char caption[96];
      std::snprintf(caption, sizeof caption, tr("patch %d attends to", "图像块 %d 关注"), focus_patch_);
      grid_map(caption, "row", attention_row_grid(a, focus_patch_ + 1, g, g), em(9));
      ImGui::SameLine(0, em(1));
      std::snprintf(caption, sizeof caption, tr("what attends to patch %d", "关注图像块 %d 的"), focus_patch_);
      grid_map(caption, "column", attention_column_grid(a, focus_patch_ + 1, g, g), em(9));
    }
  }

  void draw_rollout_step() {
    paragraph(tr("One layer's attention is only part of the story: the residual connection carries every token past "
                 "it. Attention rollout (Abnar & Zuidema, 2020) mixes each layer's head-averaged attention with the "
                 "identity and multiplies the layers: how much each patch flowed into the class token.",
                 "单层的注意力只说明了一部分:残差连接会把每个词元原样带过这一层。注意力累积(Abnar 与 Zuidema,2020)把每层"
                 "各头平均后的注意力与单位矩阵混合,再逐层相乘:每个图像块有多少流进了类别词元。"));
    formula("R = (0.5 A_L + 0.5 I) ... (0.5 A_1 + 0.5 I)");
    if (!run_.finished()) {
      ImGui::TextDisabled("%s", tr("computing...", "正在计算..."));
      return;
    }
    const int g = grid();
    if (rollout_.size() == 0)  // once per run: 12 products of [197, 197] matrices for ViT-B
      rollout_ = attention_row_grid(attention_rollout(run_.attention, &interventions_), 0, g, g);
    const Mat& rollout = rollout_;
    const GridHit hit = input_with_grid("rollout", em(16), &rollout, std::max(rollout.maxCoeff(), 1e-6f));
    if (hit.clicked) toggle_patch(hit.hovered);
    ImGui::SameLine(0, em(1.5f));
    grid_map(tr("rollout: class token <- patches", "累积:类别词元 <- 图像块"), "rollout_map", rollout, em(10));
  }

  void draw_prediction_step() {
    paragraph(tr("After the last layer, the class token goes through a LayerNorm and one linear layer: ten (or a "
                 "thousand) scores, turned into probabilities by softmax. Switch heads or layers off, or occlude "
                 "patches, and watch these bars.",
                 "最后一层之后,类别词元经过 LayerNorm 和一个线性层,得到十个(或一千个)分数,再用 softmax 变成概率。"
                 "关掉某些头或层、或遮住图像块,看这些条形如何变化。"));
    formula("p = softmax(W_head LayerNorm(z_L[class]) + b)");
    top5(std::min(em(24), ImGui::GetContentRegionAvail().x));
    const nlohmann::json iv = interventions_json();
    ImGui::Text(tr("Interventions: %d head(s) off, %d layer(s) off, %d patch(es) occluded",
                   "干预:关闭 %d 个头,关闭 %d 层,遮住 %d 个图像块"),
                static_cast<int>(iv["heads_off"].size()), static_cast<int>(iv["layers_off"].size()),
                static_cast<int>(iv["occluded"].size()));
  }

  std::vector<Model> models_;
  const Model* model_ = nullptr;
  size_t model_index_ = 0;
  bool models_tried_ = false;
  VitHints hints_;          // from a config / labels file, for checkpoints opened after it
  std::string hints_name_;

  DrawingPad pad_;
  bool from_pad_ = true;
  RgbaImage image_;         // the image as given (the pad's, or a file's)
  std::string image_name_;
  Mat shown_;               // a display copy of a file's image, RGB planes
  std::optional<Preprocessed> prepared_;
  VitInterventions interventions_;
  VitRun run_;
  Mat rollout_;  // [g, g] the class token's row of the rollout, once the run finished; empty until then

  int layer_ = 0, head_ = 0;
  int hovered_row_ = -1, focus_patch_ = -1;
  std::string message_;  // what went wrong with the model or the image shown
  std::string refusal_;  // the last file refused (not part of the state: that stayed as it was)
  StepperState stepper_state_;
};

}  // namespace

std::unique_ptr<Scene> make_vit_scene() { return std::make_unique<VitScene>(); }

}  // namespace vp::app
