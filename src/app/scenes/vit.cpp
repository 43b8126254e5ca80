// Scene 8: the Vision Transformer on the user's own image. Every stage is shown: the image and
// its preprocessing, the patches, the patch embedding (matrix and filters), class token and
// position embeddings, each layer's per-head attention (over the image, hover a patch to see
// what it attends to and what attends to it), attention rollout, and the top-5 classes.
// Interventions (a head off, a layer's attention off, occluded patches) rerun the model live.
// The model state (models, files, preprocessing, interventions, the staged run) is
// lessons/vit_session; the weights and the run are the engine's, away from the drawing (a
// layer's attention appears as soon as the engine has computed it); this file draws it.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app/i18n.h"
#include "app/step_scene.h"
#include "app/widgets/drawing_pad.h"
#include "app/widgets/heatmap.h"
#include "app/widgets/image_view.h"
#include "app/widgets/item_rects.h"
#include "app/widgets/matrix_view.h"
#include "app/widgets/text.h"
#include "lessons/attention_rollout.h"
#include "lessons/vit_session.h"
#include "platform/data_paths.h"
#include "platform/file_chooser.h"

namespace vp::app {

namespace {

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
struct PatchHit {
  int hovered = -1;  // patch index, -1 none
  bool clicked = false;
};

// A "3" on the pad, so the scene shows a prediction before the user does anything.
DrawingPad pad_with_a_three() {
  DrawingPad pad;
  const float s = static_cast<float>(pad.ink.cols()) / 112.0f;
  const ImVec2 three[] = {{34, 28}, {52, 20}, {72, 26}, {76, 42}, {58, 54}, {76, 64}, {78, 82}, {58, 94}, {34, 88}};
  for (int i = 0; i + 1 < 9; ++i)
    pad_stroke(pad, ImVec2(three[i].x * s, three[i].y * s), ImVec2(three[i + 1].x * s, three[i + 1].y * s));
  return pad;
}

class VitScene : public StepScene {
 public:
  VitScene() : pad_(pad_with_a_three()), session_(platform::models_dir(), pad_image(pad_)) {
    set_steps({{"Your image", "你的图像", [this] { draw_input_step(); }},
               {"Patches", "图像块", [this] { when_ready(&VitScene::draw_patches_step); }},
               {"Patch embedding", "图像块嵌入", [this] { when_ready(&VitScene::draw_embedding_step); }},
               {"Class token + positions", "类别词元 + 位置", [this] { when_ready(&VitScene::draw_positions_step); }},
               {"Attention per layer", "逐层注意力", [this] { when_ready(&VitScene::draw_attention_step); }},
               {"Attention rollout", "注意力累积", [this] { when_ready(&VitScene::draw_rollout_step); }},
               {"Prediction", "预测", [this] { when_ready(&VitScene::draw_prediction_step); }}});
  }

  const char* name() const override { return "vit"; }
  const char* title() const override { return tr("Vision Transformer", "视觉 Transformer"); }

  nlohmann::json state() const override {
    nlohmann::json j = session_.state_json();
    j["layer"] = layer_ + 1;
    j["head"] = head_ + 1;
    return j;
  }

  void receive(const EngineMessage& reply) override {
    session_.receive(reply);
    clamp_focus();
  }
  std::vector<EngineMessage> take_requests() override { return session_.take_requests(); }
  nlohmann::json files_state() const override { return session_.files_json(); }
  bool waiting_for_engine() const override { return !session_.settled(); }

  std::string open_image(const std::string& file_name, RgbaImage image) override {
    const std::string refused = session_.open_image(file_name, std::move(image));
    clamp_focus();
    return refused;
  }

  std::string open_data(const std::string& file_name, const std::vector<uint8_t>& bytes) override {
    const std::string refused = session_.open_data(file_name, bytes);
    clamp_focus();
    return refused;
  }

  // The interventions, for shared links and the page's setMatrix: 1-based [[layer, head], ...],
  // [[layer], ...], [[patch], ...] (patches 0-based, row by row, as in the scene).
  nlohmann::json export_inputs() const override { return session_.export_interventions(); }
  std::vector<std::string> import_inputs(const nlohmann::json& inputs) override {
    return session_.import_interventions(inputs);
  }

 private:
  // The models are asked for when the scene is first shown.
  void draw_preamble() override {
    load_models();
    toolbar();
    if (!session_.message().empty()) error_text(session_.message());
    if (!session_.refusal().empty()) error_text(session_.refusal());
  }

  // Steps after the first need a model, a model input and the run's first stage (the patches
  // and their embedding), which the engine sends soon after it is asked.
  void when_ready(void (VitScene::*draw_step)()) {
    if (!session_.model() || !session_.prepared()) return;
    if (session_.run().z0.size() == 0) {
      if (session_.computing()) ImGui::TextDisabled("%s", tr("computing...", "正在计算..."));
      return;
    }
    (this->*draw_step)();
  }

  const VitSessionModel& model() const { return *session_.model(); }

  void load_models() {
    session_.load_bundled_models();
    clamp_focus();
  }

  void select_model(size_t index) {
    session_.select_model(index);
    clamp_focus();
  }

  // The layer and head in focus, within the current model's.
  void clamp_focus() {
    if (!session_.model()) return;
    layer_ = std::clamp(layer_, 0, model().config.depth - 1);
    head_ = std::clamp(head_, 0, model().config.heads - 1);
  }

  // ---- shared pieces of the UI ----

  void toolbar() {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("Model", "模型"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em(10));
    if (ImGui::BeginCombo("##model", session_.model() ? model().name.c_str() : "-")) {
      for (size_t i = 0; i < session_.models().size(); ++i)
        if (ImGui::Selectable(session_.models()[i].name.c_str(), i == session_.model_index())) select_model(i);
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("Open image or checkpoint...", "打开图像或权重文件..."))) {
      if (!platform::open_file_chooser())
        session_.set_message(tr("Drop an image or a .safetensors file on the window, or start with --image PATH.",
                                "把图像或 .safetensors 文件拖到窗口上,或用 --image 路径 启动。"));
    }
    note_item_rect("button", "open");  // where tests find it (vitplay.debugInfo().items)
    ImGui::SameLine();
    if (ImGui::Button(tr("Draw", "手绘"))) use_pad();
    if (!session_.hints_name().empty()) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s %s", tr("config:", "配置:"), session_.hints_name().c_str());
    }
    prediction_line();
  }

  void use_pad() {
    session_.use_drawing(pad_image(pad_));
    step_ = 1;
  }

  // "Prediction: 3 (97.1 %)" or the progress of a heavy model, on every step.
  void prediction_line() {
    if (session_.computing()) {
      const int depth = model().config.depth;
      char text[64];
      std::snprintf(text, sizeof text, tr("layer %d of %d", "第 %d / %d 层"), session_.run().layers_done(), depth);
      ImGui::ProgressBar(static_cast<float>(session_.run().layers_done()) / depth, ImVec2(em(14), 0), text);
      return;
    }
    if (!session_.run().finished()) return;
    const auto top = session_.top(1);
    ImGui::Text("%s  %s  (%.1f %%)", tr("Prediction:", "预测:"), session_.label(top[0].first).c_str(), 100.0f * top[0].second);
    if (session_.interventions().any()) {
      ImGui::SameLine();
      ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.3f, 1.0f), "%s", tr("(with your interventions)", "(已加干预)"));
      ImGui::SameLine();
      if (ImGui::SmallButton(tr("Reset interventions", "撤销干预"))) {
        session_.reset_interventions();
      }
    }
  }

  // The model input with its patch grid; an optional map over the patches (values in 0..hi)
  // drawn over it, occluded patches hatched. Returns the hovered patch and a click.
  PatchHit input_with_grid(const char* id, float side, const Mat* overlay, float hi, int outlined = -1) {
    const int C = model().config.channels, g = session_.grid();
    const PreprocessStage& input = session_.prepared()->stages.back();
    const Picture picture{&input.pixels, C, input.lo, input.hi, false};
    const ImVec2 pos = picture_view(id, picture, ImVec2(side, side));
    PatchHit hit;
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
      if (session_.interventions().occluded(p)) {
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
    for (const auto& [index, prob] : session_.top(5)) {
      char text[96];
      std::snprintf(text, sizeof text, "%s  %.1f %%", session_.label(index).c_str(), 100.0f * prob);
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
    if (session_.from_drawing()) {
      ImGui::TextUnformatted(tr("Draw here", "在这里写"));
      if (drawing_pad("pad", pad_, pad_side)) {
        session_.set_drawing(pad_image(pad_));
      }
      if (ImGui::Button(tr("Clear", "清空"))) {
        pad_.clear();
        session_.clear_drawing(pad_image(pad_));
      }
    } else {
      ImGui::Text("%s  %dx%d", session_.image_name().c_str(), session_.image().width, session_.image().height);
      const Picture original{&session_.shown(), 3, 0.0f, 1.0f, true};
      picture_view("original", original, fit_picture(original, pad_side, pad_side));
    }
    ImGui::EndGroup();
    if (!session_.prepared()) {
      if (session_.from_drawing() && pad_.empty()) note(tr("Draw a digit: it is classified as you draw.", "写一个数字:边写边识别。"));
      return;
    }
    ImGui::SameLine(0, em(1.5f));
    ImGui::BeginGroup();
    ImGui::TextUnformatted(tr("Preprocessing", "预处理"));
    const float thumb = em(5.5f);
    for (size_t i = 0; i < session_.prepared()->stages.size(); ++i) {
      const PreprocessStage& s = session_.prepared()->stages[i];
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
    const int g = session_.grid(), P = model().config.patch_size;
    ImGui::Text(tr("The model input, cut into %d x %d patches of %d x %d pixels (click a patch to hide it from the model):",
                   "模型输入,切成 %d x %d 个 %d x %d 像素的图像块(点击图像块可对模型遮住它):"),
                g, g, P, P);
    const PatchHit hit = input_with_grid("input", em(14), nullptr, 0);
    if (hit.clicked) session_.toggle_patch(hit.hovered);
    ImGui::SameLine(0, em(1.5f));
    ImGui::BeginGroup();
    ImGui::TextUnformatted(tr("Top 5", "前 5 名"));
    top5(em(14));
    ImGui::EndGroup();
  }

  void draw_patches_step() {
    const auto& c = model().config;
    const int S = c.num_patches(), g = session_.grid();
    char text[512];  // wrapped: one line of it is wider than the page
    std::snprintf(text, sizeof text,
                  tr("Each patch is flattened into one row of %d numbers (%d channel(s) x %d x %d pixels): the image "
                     "becomes a sequence of %d tokens, like the words of a sentence. Hover a patch or a row.",
                     "每个图像块被展平成一行 %d 个数(%d 个通道 x %d x %d 像素):图像变成 %d 个词元的序列,就像句子里的词。"
                     "把鼠标移到图像块或某一行上。"),
                  c.channels * c.patch_size * c.patch_size, c.channels, c.patch_size, c.patch_size, S);
    paragraph(text);
    const PatchHit hit = input_with_grid("input", em(12), nullptr, 0, hovered_row_);
    hovered_row_ = hit.hovered;
    if (hit.clicked) session_.toggle_patch(hit.hovered);
    ImGui::SameLine(0, em(1.5f));
    const float width = std::min(ImGui::GetContentRegionAvail().x - em(1), em(36));
    const PreprocessStage& input = session_.prepared()->stages.back();
    const int row = token_matrix("patches", session_.run().patches, width, em(14), std::max(std::abs(input.lo), std::abs(input.hi)));
    if (row >= 0) hovered_row_ = row;
    if (hovered_row_ >= 0 && hovered_row_ < S)
      ImGui::Text(tr("patch %d: grid row %d, column %d", "图像块 %d:第 %d 行,第 %d 列"), hovered_row_,
                  hovered_row_ / g + 1, hovered_row_ % g + 1);
  }

  void draw_embedding_step() {
    const VitConfig& c = model().config;
    const int D = c.dim;
    paragraph(tr("Patch embedding: one linear map E = patches W^T + b turns each patch into a D-dimensional vector. "
                 "Each row of W is a filter the size of a patch: the model's first look at the image.",
                 "图像块嵌入:一个线性映射 E = patches W^T + b 把每个图像块变成 D 维向量。W 的每一行都是一个图像块大小的滤波器:"
                 "模型看图的第一眼。"));
    formula("E = patches W^T + b");
    token_matrix("E", session_.run().embedded, std::min(ImGui::GetContentRegionAvail().x - em(1), em(30)), em(12),
                 session_.run().embedded.cwiseAbs().maxCoeff());
    ImGui::TextUnformatted(c.channels == 1
                               ? tr("Filters (rows of W), as pictures: blue negative, red positive",
                                    "滤波器(W 的行),画成图:蓝负红正")
                               : tr("Filters (rows of W), as pictures (mean of the colour channels): blue negative, "
                                    "red positive",
                                    "滤波器(W 的行),画成图(各颜色通道的平均):蓝负红正"));
    // all filters in one picture, each scaled to its own range: one texture, not 64
    const Mat& mosaic = model().filters;
    const float tile = std::min(em(2.6f), ImGui::GetContentRegionAvail().x / VitSessionModel::kFiltersPerRow);
    const float scale = tile / (c.patch_size + 1);
    heatmap("filters", mosaic, ImVec2(scale * mosaic.cols(), scale * mosaic.rows()), ColorMap::diverging, -1.0f, 1.0f);
    const int shown = std::min(D, VitSessionModel::kFiltersShown);
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
    const Mat& mosaic = model().positions;
    ImGui::BeginGroup();
    ImGui::TextUnformatted(tr("Position embedding similarity", "位置嵌入相似度"));
    const float side = std::min(em(20), ImGui::GetContentRegionAvail().x * 0.45f);
    heatmap("similarity", mosaic, ImVec2(side, side), ColorMap::diverging, -1.0f, 1.0f);
    colormap_legend(ColorMap::diverging, -1.0f, 1.0f, side);
    ImGui::EndGroup();
    ImGui::SameLine(0, em(1.5f));
    token_matrix("z_0", session_.run().z0, std::min(ImGui::GetContentRegionAvail().x - em(1), em(24)), side,
                 session_.run().z0.cwiseAbs().maxCoeff());
  }

  void layer_and_head_selectors() {
    const auto& c = model().config;
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
    bool off = session_.interventions().layer_off(layer_);
    if (ImGui::Checkbox(tr("switch this layer's attention off", "关闭这一层的注意力"), &off)) session_.toggle_layer(layer_);
  }

  void draw_attention_step() {
    const auto& c = model().config;
    paragraph(tr("In every layer each head computes softmax(Q K^T / sqrt(d)) over all tokens. Small maps: every head's "
                 "full attention matrix (click one to pick it, untick to switch the head off). Large: the class "
                 "token's attention over the patches. Hover a patch to see what it attends to and what attends to it; "
                 "click patches to occlude them.",
                 "每一层中,每个头对所有词元计算 softmax(Q K^T / sqrt(d))。小图:每个头完整的注意力矩阵(点击选中,取消勾选即关闭该头)。"
                 "大图:类别词元对各图像块的注意力。鼠标移到图像块上看它关注谁、谁关注它;点击图像块可遮住它。"));
    layer_and_head_selectors();
    if (session_.run().layers_done() <= layer_) {
      ImGui::TextDisabled("%s", tr("computing this layer...", "正在计算这一层..."));
      return;
    }
    const std::vector<Mat>& heads = session_.run().attention[layer_];
    const float small = std::clamp((ImGui::GetContentRegionAvail().x - em(2)) / c.heads - em(1), em(4), em(8));
    for (int h = 0; h < c.heads; ++h) {
      if (h > 0) same_line_if_fits(small);
      ImGui::BeginGroup();
      ImGui::PushID(h);
      bool on = !session_.interventions().head_off(layer_, h);
      char text[32];
      std::snprintf(text, sizeof text, tr("head %d", "头 %d"), h + 1);
      if (ImGui::Checkbox(text, &on)) session_.toggle_head(layer_, h);
      const ImVec2 pos = ImGui::GetCursorScreenPos();
      heatmap("head", heads[h], ImVec2(small, small), ColorMap::sequential, 0.0f, std::max(heads[h].maxCoeff(), 1e-6f));
      if (ImGui::IsItemClicked()) head_ = h;
      if (h == head_)
        ImGui::GetWindowDrawList()->AddRect(pos, ImVec2(pos.x + small, pos.y + small), IM_COL32(255, 60, 200, 255), 0, 0, 3);
      ImGui::PopID();
      ImGui::EndGroup();
    }
    const Mat& a = heads[head_];
    const int g = session_.grid();
    const Mat cls = attention_row_grid(a, 0, g, g);
    ImGui::Text(tr("Layer %d, head %d: the class token's attention", "第 %d 层,头 %d:类别词元的注意力"), layer_ + 1, head_ + 1);
    const PatchHit hit = input_with_grid("cls", em(14), &cls, std::max(cls.maxCoeff(), 1e-6f), focus_patch_);
    if (hit.clicked) session_.toggle_patch(hit.hovered);
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
    if (!session_.run().finished()) {
      ImGui::TextDisabled("%s", tr("computing...", "正在计算..."));
      return;
    }
    const Mat& rollout = session_.rollout();
    const PatchHit hit = input_with_grid("rollout", em(16), &rollout, std::max(rollout.maxCoeff(), 1e-6f));
    if (hit.clicked) session_.toggle_patch(hit.hovered);
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
    const nlohmann::json iv = session_.interventions_json();
    ImGui::Text(tr("Interventions: %d head(s) off, %d layer(s) off, %d patch(es) occluded",
                   "干预:关闭 %d 个头,关闭 %d 层,遮住 %d 个图像块"),
                static_cast<int>(iv["heads_off"].size()), static_cast<int>(iv["layers_off"].size()),
                static_cast<int>(iv["occluded"].size()));
  }

  DrawingPad pad_;
  VitSession session_;
  int layer_ = 0, head_ = 0;
  int hovered_row_ = -1, focus_patch_ = -1;
};

}  // namespace

std::unique_ptr<Scene> make_vit_scene() { return std::make_unique<VitScene>(); }

}  // namespace vp::app
