// Scene 3: the encoder block (the article's section 4) as a clickable diagram: embedding +
// positional encoding -> multi-head attention -> Add & Norm -> feed forward -> Add & Norm,
// N layers, post-norm or pre-norm. The core's toy transformer (seeded weights) computes.
#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "app/i18n.h"
#include "app/step_scene.h"
#include "app/widgets/block_diagram.h"
#include "app/widgets/explain.h"
#include "app/widgets/matrix_view.h"
#include "app/widgets/text.h"
#include "app/widgets/trace_matrix.h"
#include "app/widgets/vocabulary.h"
#include "lessons/share_state.h"
#include "models/toy_transformer.h"

namespace vp::app {

namespace {


class EncoderScene : public StepScene {
  static constexpr int kMaxWords = 8;
  static constexpr NumberFormat kComputed{2, false, false};

 public:
  EncoderScene() : vocab_(toy_source_vocabulary()) {
    recompute();
    set_steps({{"Embedding", "嵌入", [this] { draw_embedding(); }},
               {"Positional encoding", "位置编码", [this] { draw_positional(); }},
               {"Multi-head attention", "多头注意力", [this] { draw_attention(); }},
               {"Add & Norm", "残差与归一化", [this] { draw_add_norm("attn"); }},
               {"Feed forward", "前馈网络", [this] { draw_feed_forward(); }},
               {"Add & Norm", "残差与归一化", [this] { draw_add_norm("ffn"); }}});
  }
  const char* name() const override { return "encoder"; }
  const char* title() const override { return tr("Encoder block", "编码器模块"); }
  nlohmann::json state() const override {
    return {{"trace", to_json(trace_)},
            {"inputs",
             {{"tokens", tokens_},
              {"ids", ids_},
              {"num_layers", config_.num_layers},
              {"norm_first", config_.norm_first},
              {"seed", config_.seed},
              {"layer", layer_ + 1}}},
            {"error", error_}};
  }

  nlohmann::json export_inputs() const override {
    return {{"words", sentence_},
            {"layers", config_.num_layers},
            {"pre_norm", config_.norm_first},
            {"seed", config_.seed},
            {"layer", layer_ + 1}};
  }

  std::vector<std::string> import_inputs(const nlohmann::json& inputs) override {
    using Kind = ShareField::Kind;
    static const ShareSchema schema{{},
                                    {{"words", Kind::text, 0, sizeof(sentence_) - 1},
                                     {"layers", Kind::integer, 1, 6},
                                     {"pre_norm", Kind::boolean},
                                     {"seed", Kind::integer, 0, 4294967295.0},
                                     {"layer", Kind::integer, 1, 6}}};
    CheckedInputs in = check_share_inputs(inputs, export_inputs(), schema);
    const std::string words = in.values["words"];
    std::snprintf(sentence_, sizeof(sentence_), "%s", words.c_str());
    config_.num_layers = in.values["layers"];
    config_.norm_first = in.values["pre_norm"];
    config_.seed = in.values["seed"].get<uint32_t>();
    const int layer = in.values["layer"];
    if (layer <= config_.num_layers) layer_ = layer - 1;
    else in.notices.push_back("input 'layer' was refused (" + std::to_string(layer) + " of " +
                              std::to_string(config_.num_layers) + " layers); kept its default");
    layer_ = std::min(layer_, config_.num_layers - 1);
    recompute();
    return in.notices;
  }

 private:
  const char* heading_text() const override { return tr("The encoder block", "编码器模块"); }

  // The options, then the block diagram as a panel left of the scrolling content.
  void draw_header() override {
    draw_options();
    ImGui::Separator();
    const float diagram_w = ImGui::GetFontSize() * 13;
    ImGui::BeginChild("diagram", ImVec2(diagram_w, 0), false);
    draw_diagram(diagram_w - ImGui::GetStyle().ScrollbarSize);
    ImGui::EndChild();
    ImGui::SameLine();
  }

  void draw_preamble() override {
    paragraph(tr("Words become vectors (embedding), get their position added (positional encoding), then pass "
                 "through N identical layers of multi-head attention and a feed-forward network, each wrapped "
                 "in a residual connection and a LayerNorm. Click a box to see its matrices.",
                 "词先变成向量（嵌入），再加上位置编码，然后经过 N 个相同的层：多头注意力和前馈网络，"
                 "每个子层都带有残差连接和 LayerNorm。点击方框可以看到它的矩阵。"));
    if (!error_.empty()) error_text(error_);
    draw_step_heading();
    if (step_ >= 3 && config_.num_layers > 1) {
      char text[96];
      std::snprintf(text, sizeof(text), tr("(layer %d of %d)", "（第 %d 层，共 %d 层）"), layer_ + 1, config_.num_layers);
      ImGui::SameLine();
      ImGui::TextDisabled("%s", text);
    }
  }

  void draw_options() {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("Words:", "词："));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    if (ImGui::InputText("##words", sentence_, sizeof(sentence_))) recompute();
    vocabulary_tooltip(vocab_);
    same_line_if_fits(ImGui::GetFontSize() * 12);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("Layers N:", "层数 N："));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    int layers = config_.num_layers;
    if (ImGui::SliderInt("##layers", &layers, 1, 6)) {
      config_.num_layers = layers;
      layer_ = std::min(layer_, layers - 1);
      recompute();
    }
    same_line_if_fits(ImGui::GetFontSize() * 16);
    if (ImGui::RadioButton(tr("Post-norm (paper)", "后归一化（论文）"), !config_.norm_first)) {
      config_.norm_first = false;
      recompute();
    }
    ImGui::SameLine();
    if (ImGui::RadioButton(tr("Pre-norm (ViT)", "前归一化（ViT）"), config_.norm_first)) {
      config_.norm_first = true;
      recompute();
    }
    if (config_.num_layers > 1) {
      same_line_if_fits(ImGui::GetFontSize() * 12);
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(tr("Show layer:", "显示第几层："));
      ImGui::SameLine();
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
      int shown = layer_ + 1;
      if (ImGui::SliderInt("##layer", &shown, 1, config_.num_layers)) layer_ = shown - 1;
    }
    note(tr("Untrained weights from a seeded generator: the numbers show how data flows, not what a trained "
            "model would compute.",
            "权重未经训练，由固定种子的随机数生成：这些数字展示数据怎样流动，而不是训练好的模型会算出什么。"));
    unknown_words_note(unknown_);
  }

  void draw_diagram(float width) {
    const bool pre = config_.norm_first;
    const ImU32 embed = IM_COL32(250, 214, 165, 255), attn = IM_COL32(250, 190, 120, 255),
                norm = IM_COL32(240, 240, 180, 255), ff = IM_COL32(150, 200, 250, 255);
    // pre-norm: LayerNorm sits inside each branch, the box after it is a plain Add
    const DiagramBox boxes[] = {
        {tr("Input embedding", "输入嵌入"), embed},
        {tr("+ Positional encoding", "+ 位置编码"), embed},
        {pre ? tr("Norm + Attention", "归一化 + 多头注意力") : tr("Multi-head attention", "多头注意力"), attn},
        {pre ? tr("Add", "残差相加") : tr("Add & Norm", "残差与归一化"), norm, 2},
        {pre ? tr("Norm + Feed forward", "归一化 + 前馈网络") : tr("Feed forward", "前馈网络"), ff},
        {pre ? tr("Add", "残差相加") : tr("Add & Norm", "残差与归一化"), norm, 4},
    };
    char group_label[64];
    std::snprintf(group_label, sizeof(group_label), "N = %d ×", config_.num_layers);
    const int clicked = block_diagram("encoder", boxes, 6, step_ - 1, width, {2, 5, group_label});
    if (clicked >= 0) step_ = clicked + 1;
  }

  void recompute() {
    tokens_ = split_words(sentence_);
    if (static_cast<int>(tokens_.size()) > kMaxWords) tokens_.resize(kMaxWords);
    ids_ = vocab_.ids(tokens_);
    unknown_ = unknown_words(vocab_, tokens_);
    try {
      if (tokens_.empty()) throw Error(tr("Type at least one word.", "请至少输入一个词。"));
      const Translator model = toy_transformer(config_, static_cast<int>(vocab_.words.size()),
                                               static_cast<int>(toy_target_vocabulary().words.size()));
      Trace t;
      t.name = "encoder";
      translator_encode(model, ids_, &t);
      trace_ = std::move(t);
      error_.clear();
    } catch (const Error& e) {
      error_ = e.what();  // the last good trace stays on screen
    }
  }

  std::string layer_id(const std::string& rest) const {
    return "encoder.layers." + std::to_string(layer_) + "." + rest;
  }
  MatrixViewOptions token_rows() const {
    MatrixViewOptions o;
    o.row_labels = tokens_;
    o.format = kComputed;
    return o;
  }
  const Mat& shown(const std::string& step, const std::string& name) const { return trace_matrix(trace_, step, name); }

  void side_by_side(const std::vector<std::pair<std::string, const Mat*>>& mats, const MatrixViewOptions& o) {
    for (size_t i = 0; i < mats.size(); ++i) {
      if (i > 0) same_line_if_fits(matrix_view_size(*mats[i].second, o, mats[i].first.c_str()).x);
      matrix_view(mats[i].first.c_str(), *mats[i].second, o);
    }
  }

  void draw_embedding() {
    paragraph(tr("Each word's id picks one row of the embedding table (a learned lookup table): the same as "
                 "multiplying its one-hot code by the table.",
                 "每个词的 id 选出嵌入表（一个可学习的查找表）中的一行：等同于用它的 one-hot 编码乘以这张表。"));
    formula("E[id]");
    std::string ids = tr("ids: ", "id：");
    for (size_t i = 0; i < tokens_.size(); ++i)
      ids += (i ? ",  " : "") + tokens_[i] + " → " + std::to_string(ids_[i]);
    paragraph(ids.c_str());
    MatrixViewOptions table;
    table.format = kComputed;
    for (size_t i = 0; i < vocab_.words.size(); ++i) table.row_labels.push_back(std::to_string(i) + " " + vocab_.words[i]);
    table.highlight_rows = ids_;
    const Mat& e = shown("encoder.embedding", "table");
    matrix_view(tr("embedding table", "嵌入表"), e, table);
    same_line_if_fits(matrix_view_size(shown("encoder.embedding", "embeddings"), token_rows()).x);
    matrix_view(tr("embeddings", "嵌入"), shown("encoder.embedding", "embeddings"), token_rows());
  }

  void draw_positional() {
    paragraph(tr("Attention alone is blind to word order, so each position's sinusoid code is added to the "
                 "word's vector (see the positional-encoding scene).",
                 "注意力本身看不到词序，所以把每个位置的正弦编码加到词向量上（见“位置编码”一节）。"));
    formula("x = E[id] + PE(pos)");
    side_by_side({{tr("embeddings", "嵌入"), &shown("encoder.positional", "embeddings")},
                  {"PE", &shown("encoder.positional", "PE")},
                  {"x", &shown("encoder.positional", "x")}},
                 token_rows());
  }

  void draw_attention() {
    paragraph(tr("Every word attends to every word of the sentence, in each head (see the multi-head scene). "
                 "Rows: the word asking; columns: the words it looks at.",
                 "每个头中，每个词都关注句子中的所有词（见“多头注意力”一节）。行：提问的词；列：被关注的词。"));
    formula(config_.norm_first ? "MultiHeadAttention(LayerNorm(x))" : "MultiHeadAttention(x)");
    if (config_.norm_first) {
      matrix_view("LayerNorm(x)", shown(layer_id("attn_norm"), "normed"), token_rows());
    } else {
      matrix_view(tr("input x", "输入 x"), shown(layer_id("self_attn.project"), "x"), token_rows());
    }
    for (int h = 1;; ++h) {
      const std::string step = layer_id("self_attn.head" + std::to_string(h) + ".softmax");
      if (!trace_.find_step(step)) break;
      MatrixViewOptions o = token_rows();
      o.col_labels = tokens_;
      o.color_map = ColorMap::sequential;
      o.range_min = 0;
      o.range_max = 1;
      const std::string title = tr("weights, head ", "权重，头 ") + std::to_string(h);
      const Mat& w = shown(step, "weights");
      same_line_if_fits(matrix_view_size(w, o, title.c_str()).x);
      matrix_view(title.c_str(), w, o);
    }
    const Mat& out = shown(layer_id("self_attn.out_proj"), "output");
    same_line_if_fits(matrix_view_size(out, token_rows()).x);
    matrix_view(tr("attention output", "注意力输出"), out, token_rows());
  }

  void draw_add_norm(const char* which) {
    const std::string id = which;
    if (!config_.norm_first) {
      paragraph(tr("Add the sub-layer's output to its input (the residual connection keeps the original signal "
                   "and helps gradients flow), then LayerNorm: each row is shifted and scaled to mean 0 and "
                   "variance 1.",
                   "把子层的输出与它的输入相加（残差连接保留原来的信号，也让梯度更容易传播），再做 LayerNorm："
                   "把每一行平移、缩放到均值 0、方差 1。"));
      formula(id == "attn" ? "LayerNorm(x + MultiHeadAttention(x))" : "LayerNorm(x + FeedForward(x))");
      const std::string step = layer_id(id + "_add_norm");
      side_by_side({{"x + f(x)", &shown(step, "x + f(x)")}, {tr("output", "输出"), &shown(step, "output")}},
                   token_rows());
    } else {
      paragraph(tr("Pre-norm (as in ViT): the LayerNorm was applied inside the branch, before the sub-layer; "
                   "here the branch's output is simply added to the input, so the residual path stays "
                   "untouched from the first layer to the last.",
                   "前归一化（ViT 的做法）：LayerNorm 已在分支内部、子层之前做过；这里只把分支的输出加到输入上，"
                   "因此残差通路从第一层到最后一层都不被改动。"));
      formula(id == "attn" ? "x + MultiHeadAttention(LayerNorm(x))" : "x + FeedForward(LayerNorm(x))");
      matrix_view(tr("output", "输出"), shown(layer_id(id + "_add"), "output"), token_rows());
    }
  }

  void draw_feed_forward() {
    paragraph(tr("The same two-layer network is applied to every word separately: widen to d_ff = 8 with a "
                 "ReLU, then back to d = 4.",
                 "同一个两层网络分别作用于每个词：先用 ReLU 扩展到 d_ff = 8 维，再变回 d = 4 维。"));
    formula("FeedForward(x) = max(0, x W_1 + b_1) W_2 + b_2");
    const std::string step = layer_id("ff.ffn");
    side_by_side({{tr("input", "输入"), &shown(step, "x")},
                  {tr("hidden (ReLU)", "隐藏层（ReLU）"), &shown(step, "hidden")},
                  {tr("output", "输出"), &shown(step, "output")}},
                 token_rows());
  }

  Vocabulary vocab_;
  char sentence_[128] = "I Love China";
  std::vector<std::string> tokens_, unknown_;
  std::vector<int> ids_;
  ToyTransformerConfig config_;
  int layer_ = 0;  // which layer's boxes are shown (0-based)
  Trace trace_;
  std::string error_;
};

}  // namespace

std::unique_ptr<Scene> make_encoder_scene() { return std::make_unique<EncoderScene>(); }

}  // namespace vp::app
