// Scene 1: the article's six self-attention steps on its worked example, every input
// editable. The core (self_attention.h) computes; this file lays out its trace.
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app/i18n.h"
#include "app/step_scene.h"
#include "app/widgets/explain.h"
#include "app/widgets/matrix_view.h"
#include "app/widgets/text.h"
#include "lessons/examples.h"
#include "nn/random_init.h"
#include "lessons/share_state.h"

namespace vp::app {

namespace {

constexpr int kMaxTokens = 8;
constexpr int kMaxDim = 6;
constexpr float kMaxTypedValue = 1e6f;  // a shared matrix's entries stay within +-this
const NumberFormat kArticleSoftmax{4, true, false};  // 6.3379e-02, as printed in the article

std::string sub(const char* name, int i) { return std::string(name) + "_" + std::to_string(i + 1); }

// Resizes m to cols columns, keeping what fits and filling new entries with 0.
Mat with_cols(const Mat& m, int cols) {
  Mat out = Mat::Zero(m.rows(), cols);
  const int keep = std::min<int>(cols, static_cast<int>(m.cols()));
  out.leftCols(keep) = m.leftCols(keep);
  return out;
}

Mat with_rows(const Mat& m, int rows) { return with_cols(m.transpose(), rows).transpose(); }

class SelfAttentionScene : public StepScene {
  static constexpr NumberFormat kTyped{3, false, true};        // inputs as typed: 1, 0.5
  static constexpr NumberFormat kComputed{4, false, true};     // results: 1.9366

 public:
  SelfAttentionScene() {
    load_article_example();
    set_steps({{"Inputs", "输入", [this] { draw_inputs(); }},
               {"Q, K, V", "查询、键、值", [this] { draw_qkv(); }},
               {"Scores", "注意力分数", [this] { draw_scores(); }},
               {"Softmax", "Softmax", [this] { draw_softmax(); }},
               {"Weighted values", "加权值", [this] { draw_weighted(); }},
               {"Outputs", "输出", [this] { draw_outputs(); }}});
  }
  const char* name() const override { return "self-attention"; }
  const char* title() const override { return tr("Self-attention", "自注意力"); }

  nlohmann::json state() const override {
    return {{"trace", to_json(trace_)},
            {"inputs",
             {{"tokens", tokens_},
              {"scaled", scaled_},
              {"round_decimals", rounded_ ? 1 : -1},
              {"d_in", x_.cols()},
              {"d_k", w_.w_query.cols()},
              {"d_v", w_.w_value.cols()}}},
            {"error", error_}};
  }

  nlohmann::json export_inputs() const override {
    return {{"x", share_json(x_)},         {"W_query", share_json(w_.w_query)},
            {"W_key", share_json(w_.w_key)}, {"W_value", share_json(w_.w_value)},
            {"scaled", scaled_},           {"rounded", rounded_}};
  }

  std::vector<std::string> import_inputs(const nlohmann::json& inputs) override {
    using Kind = ShareField::Kind;
    enum { n, d, d_k, d_v };  // x: [n, d], W_query, W_key: [d, d_k], W_value: [d, d_v]
    static const ShareSchema schema{
        {{"tokens", 1, kMaxTokens}, {"d", 1, kMaxDim}, {"d_k", 1, kMaxDim}, {"d_v", 1, kMaxDim}},
        {{"x", Kind::matrix, -kMaxTypedValue, kMaxTypedValue, n, d},
         {"W_query", Kind::matrix, -kMaxTypedValue, kMaxTypedValue, d, d_k},
         {"W_key", Kind::matrix, -kMaxTypedValue, kMaxTypedValue, d, d_k},
         {"W_value", Kind::matrix, -kMaxTypedValue, kMaxTypedValue, d, d_v},
         {"scaled", Kind::boolean},
         {"rounded", Kind::boolean}}};
    CheckedInputs in = check_share_inputs(inputs, export_inputs(), schema);
    x_ = share_matrix(in.values["x"]);
    w_.w_query = share_matrix(in.values["W_query"]);
    w_.w_key = share_matrix(in.values["W_key"]);
    w_.w_value = share_matrix(in.values["W_value"]);
    scaled_ = in.values["scaled"].get<bool>();
    rounded_ = in.values["rounded"].get<bool>();
    tokens_.resize(x_.rows());
    for (int i = 0; i < x_.rows(); ++i) tokens_[i] = sub("x", i);
    recompute();
    return in.notices;
  }

 private:
  const char* heading_text() const override { return tr("Self-attention in six steps", "自注意力的六个步骤"); }
  void draw_preamble() override {
    paragraph(tr("Self-attention lets every input look at every other input at once. Follow the article's "
                 "worked example step by step; every matrix below is computed by the core from the inputs "
                 "you edit. Hover any cell to see how it was computed.",
                 "自注意力让每个输入同时“看到”所有其他输入。按照文章中的例子一步一步走；下面的每个矩阵都由"
                 "核心库根据你编辑的输入计算得出。把鼠标移到任一单元格上，可以看到它是怎样算出来的。"));
    draw_options();
    ImGui::Separator();
    if (!error_.empty()) error_text(error_);
    draw_step_heading();
    if (focus_step_ != step_) {  // a new step starts with its first cell in focus
      focus_step_ = step_;
      hover_ = {0, 0};
      hover_pair_ = 0;
    }
  }

  // ---- inputs and options --------------------------------------------------------------
  void load_article_example() {
    const SelfAttentionExample ex = article_example();
    x_ = ex.x;
    w_ = ex.weights;
    tokens_.clear();
    for (int i = 0; i < x_.rows(); ++i) tokens_.push_back(sub("x", i));
    recompute();
  }

  void draw_options() {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("Presets:", "预设："));
    ImGui::SameLine();
    if (ImGui::Button(tr("Article's example", "文章的例子"))) load_article_example();
    ImGui::SameLine();
    if (ImGui::Button(tr("Random", "随机"))) {
      ++random_seed_;
      const int n = static_cast<int>(x_.rows()), d = static_cast<int>(x_.cols());
      x_ = random_integers(n, d, 0, 3, random_seed_ * 4);
      w_.w_query = random_integers(d, static_cast<int>(w_.w_query.cols()), 0, 3, random_seed_ * 4 + 1);
      w_.w_key = random_integers(d, static_cast<int>(w_.w_key.cols()), 0, 3, random_seed_ * 4 + 2);
      w_.w_value = random_integers(d, static_cast<int>(w_.w_value.cols()), 0, 3, random_seed_ * 4 + 3);
      recompute();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Whole numbers 0..3 for x and the weights, like the article's.",
                                                            "x 和权重取 0 到 3 的整数，和文章的一样。"));
    ImGui::SameLine();
    if (ImGui::Button(tr("Identity weights", "单位矩阵权重"))) {
      const int d = static_cast<int>(x_.cols());
      w_.w_query = Mat::Identity(d, w_.w_query.cols());
      w_.w_key = Mat::Identity(d, w_.w_key.cols());
      w_.w_value = Mat::Identity(d, w_.w_value.cols());
      recompute();
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr("W = I: queries, keys and values are the inputs themselves.",
                                 "W = I：查询、键和值就是输入本身。"));

    // sizes: tokens (rows of x), d_k (columns of W_query and W_key), d_v (columns of W_value)
    size_control(tr("Tokens", "token 数"), static_cast<int>(x_.rows()), 1, kMaxTokens, [&](int n) {
      x_ = with_rows(x_, n);
      if (n > static_cast<int>(tokens_.size()))  // a new token gets small whole numbers
        x_.row(n - 1) = random_integers(1, static_cast<int>(x_.cols()), 0, 2, 100 + n);
      tokens_.resize(n);
      for (int i = 0; i < n; ++i) tokens_[i] = sub("x", i);
    });
    size_control("d_k", static_cast<int>(w_.w_query.cols()), 1, kMaxDim, [&](int d) {
      w_.w_query = with_cols(w_.w_query, d);
      w_.w_key = with_cols(w_.w_key, d);
    });
    size_control("d_v", static_cast<int>(w_.w_value.cols()), 1, kMaxDim,
                 [&](int d) { w_.w_value = with_cols(w_.w_value, d); });

    if (ImGui::Checkbox(tr("Scale scores by 1/√d_k", "分数除以 √d_k"), &scaled_)) recompute();
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", tr("The Transformer paper divides by √d_k so large dot products do not saturate the "
                                 "softmax. The article's example leaves it out.",
                                 "Transformer 论文除以 √d_k，以免点积太大使 softmax 饱和。文章的例子没有这一步。"));
    same_line_if_fits(ImGui::GetFontSize() * 20);
    if (ImGui::Checkbox(tr("Round weights to one decimal, like the article", "像文章一样把权重保留一位小数"),
                        &rounded_))
      recompute();
  }

  // "Tokens: [-] 3 [+]"; on_change(new value) edits the matrices, then the trace is recomputed
  template <class OnChange>
  void size_control(const char* label, int value, int lo, int hi, OnChange on_change) {
    const float width = ImGui::CalcTextSize(label).x + ImGui::GetFrameHeight() * 4;
    same_line_if_fits(width);
    ImGui::PushID(label);
    ImGui::BeginGroup();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine();
    int next = value;
    ImGui::BeginDisabled(value <= lo);
    if (ImGui::Button("-", ImVec2(ImGui::GetFrameHeight(), 0))) next = value - 1;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::Text("%d", value);
    ImGui::SameLine();
    ImGui::BeginDisabled(value >= hi);
    if (ImGui::Button("+", ImVec2(ImGui::GetFrameHeight(), 0))) next = value + 1;
    ImGui::EndDisabled();
    ImGui::EndGroup();
    ImGui::PopID();
    if (next != value) {
      on_change(next);
      recompute();
    }
  }

  void recompute() {
    Trace t;
    t.name = "self-attention";
    try {
      SelfAttentionOptions options;
      options.scaled = scaled_;
      options.round_decimals = rounded_ ? 1 : -1;
      result_ = self_attention(x_, w_, options, &t);
      trace_ = std::move(t);
      label_trace();
      error_.clear();
    } catch (const Error& e) {
      error_ = e.what();  // the previous trace stays on screen
    }
  }

  // Row/column labels for the trace's matrices, so getState() carries them too.
  void label_trace() {
    for (TraceStep& s : trace_.steps)
      for (auto* list : {&s.inputs, &s.outputs})
        for (TraceMatrix& m : *list)
          if (m.value.rows() == static_cast<long>(tokens_.size()) && m.name.rfind("W_", 0) != 0)
            m.row_labels = tokens_;
  }

  // ---- the six steps ------------------------------------------------------------------
  MatrixViewOptions token_rows(NumberFormat format = kComputed) const {
    MatrixViewOptions o;
    o.row_labels = tokens_;
    o.format = format;
    return o;
  }
  // scores, weights: rows are queries, columns keys
  MatrixViewOptions query_by_key(NumberFormat format) const {
    MatrixViewOptions o = token_rows(format);
    for (int j = 0; j < x_.rows(); ++j) o.col_labels.push_back(sub("k", j));
    for (int i = 0; i < x_.rows(); ++i) o.row_labels[i] = sub("q", i);
    return o;
  }

  void draw_inputs() {
    paragraph(tr("Three inputs (tokens), each a vector of 4 numbers, stacked as the rows of x. In a real model "
                 "they would be word embeddings or image patches. Click a cell to type a new value; add or "
                 "remove tokens above.",
                 "三个输入（token），每个是 4 个数的向量，按行堆成矩阵 x。在真实模型中它们是词嵌入或图像块。"
                 "点击单元格可以输入新的数值；在上方可以增加或删除 token。"));
    formula(trace_.steps[0].formula);
    MatrixViewOptions o = token_rows(kTyped);
    if (matrix_edit("x", x_, o)) recompute();
  }

  void draw_qkv() {
    paragraph(tr("Every input is multiplied by three weight matrices: its query q = x W_query, its key "
                 "k = x W_key and its value v = x W_value. A real model learns the weights; these are the "
                 "article's, and every cell is editable. Hover a cell of Q, K or V to see the row of x and "
                 "the column of W that produce it.",
                 "每个输入分别乘以三个权重矩阵，得到它的查询 q = x W_query、键 k = x W_key 和值 v = x W_value。"
                 "真实模型的权重是训练出来的；这里用的是文章中的权重，每个单元格都可以编辑。把鼠标移到 Q、K、V "
                 "的单元格上，可以看到参与计算的 x 的行和 W 的列。"));
    formula(trace_.steps[1].formula);
    MatrixViewOptions xo = token_rows(kTyped);
    if (hover_.valid()) xo.highlight_rows = {hover_.row};
    if (matrix_edit("x", x_, xo)) recompute();

    struct Pair { const char* w_name; Mat* w; const char* out_name; const Mat* out; const char* v; };
    Pair pairs[] = {{"W_query", &w_.w_query, "Q", &result_.Q, "q"},
                    {"W_key", &w_.w_key, "K", &result_.K, "k"},
                    {"W_value", &w_.w_value, "V", &result_.V, "v"}};
    CellRef hovered;
    int hovered_pair = -1;
    for (int p = 0; p < 3; ++p) {
      const Pair& pair = pairs[p];
      MatrixViewOptions wo;
      wo.format = kTyped;
      if (hover_pair_ == p && hover_.valid()) wo.highlight_cols = {hover_.col};
      MatrixViewOptions out = token_rows(kComputed);
      if (hover_pair_ == p && hover_.valid()) out.highlight_cells = {{hover_.row, hover_.col}};
      const Mat* w = pair.w;
      const Mat* x = &x_;
      const Mat* result = pair.out;
      const char* v = pair.v;
      const char* w_name = pair.w_name;
      out.explain = [=](int i, int j) {
        return sub(v, i) + "[" + std::to_string(j) + "] = x_" + std::to_string(i + 1) + " · " + w_name + "[:, " +
               std::to_string(j) + "]\n= " + product_terms(x->row(i), w->col(j)) + "\n= " +
               short_number((*result)(i, j));
      };
      const float pair_width = matrix_view_size(*pair.w, wo, pair.w_name).x +
                               matrix_view_size(*pair.out, out, pair.out_name).x + ImGui::GetFontSize() * 3;
      if (p > 0) same_line_if_fits(pair_width);
      ImGui::BeginGroup();
      if (matrix_edit(pair.w_name, *pair.w, wo)) recompute();
      ImGui::SameLine();
      arrow();
      ImGui::SameLine();
      CellRef c = matrix_view(pair.out_name, *pair.out, out);
      ImGui::EndGroup();
      if (c.valid()) {
        hovered = c;
        hovered_pair = p;
      }
    }
    follow(hovered, hovered_pair);
  }

  void draw_scores() {
    paragraph(tr("The score of query i against key j is their dot product q_i · k_j: how well what input i "
                 "looks for matches what input j offers. All scores at once: Q K^T. The article does not "
                 "divide by √d_k here; the Transformer paper does (tick the option above).",
                 "查询 i 对键 j 的分数是两者的点积 q_i · k_j：输入 i 要找的东西与输入 j 提供的东西有多匹配。"
                 "一次算出全部分数：Q K^T。文章在这里没有除以 √d_k，Transformer 论文会除（可勾选上方的选项）。"));
    formula(trace_.steps[2].formula);
    MatrixViewOptions qo = token_rows(), ko = token_rows();
    for (int i = 0; i < x_.rows(); ++i) {
      qo.row_labels[i] = sub("q", i);
      ko.row_labels[i] = sub("k", i);
    }
    if (hover_.valid()) {
      qo.highlight_rows = {hover_.row};
      ko.highlight_rows = {hover_.col};
    }
    MatrixViewOptions so = query_by_key(kComputed);
    so.highlight_cells = {{hover_.row, hover_.col}};
    const int d_k = static_cast<int>(result_.Q.cols());
    so.explain = [this, d_k](int i, int j) {
      std::string s = sub("q", i) + " · " + sub("k", j) + " = " + product_terms(result_.Q.row(i), result_.K.row(j));
      if (scaled_) s = "(" + s + ") / √" + std::to_string(d_k);
      return s + "\n= " + short_number(result_.scores(i, j));
    };
    follow(row_of_three("Q", result_.Q, qo, "K", result_.K, ko, "scores", result_.scores, so));
  }

  void draw_softmax() {
    paragraph(tr("Softmax turns each row of scores into weights that are positive and sum to 1: "
                 "w_ij = exp(s_ij) / Σ_k exp(s_ik). The weights are printed as the article prints them "
                 "(6.3379e-02 ...).",
                 "Softmax 把每一行分数变成正的、和为 1 的权重：w_ij = exp(s_ij) / Σ_k exp(s_ik)。"
                 "权重按文章的格式显示（6.3379e-02 ……）。"));
    formula(trace_.steps[3].formula);
    MatrixViewOptions so = query_by_key(kComputed);
    so.highlight_rows = {hover_.row};  // softmax of a cell needs its whole row
    MatrixViewOptions wo = query_by_key(kArticleSoftmax);
    wo.color_map = ColorMap::sequential;
    wo.range_min = 0;
    wo.range_max = 1;
    wo.highlight_cells = {{hover_.row, hover_.col}};
    wo.explain = [this](int i, int j) {
      return "w = " + softmax_terms(result_.scores.row(i), j) + "\n= " + short_number(result_.softmax(i, j)) +
             tr("\nEach row sums to 1.", "\n每行之和为 1。");
    };
    CellRef s = matrix_view("scores", result_.scores, so);
    same_line_if_fits(matrix_view_size(result_.softmax, wo, "softmax(scores)").x + ImGui::GetFontSize() * 2);
    arrow();
    ImGui::SameLine();
    CellRef w = matrix_view("softmax(scores)", result_.softmax, wo);
    follow(w.valid() ? w : s);
    if (!rounded_) return;

    ImGui::Spacing();
    note(tr("Rounded to one decimal like the article, keeping each row's sum at 1: every entry is rounded "
            "down, then the missing tenths go to the entries with the largest remainders (largest-remainder "
            "rounding). In the article's example 0.0634 0.4683 0.4683 becomes 0.0 0.5 0.5, not 0.1 0.5 0.5, "
            "which would sum to 1.1. Steps 5 and 6 use these rounded weights.",
            "像文章一样保留一位小数，同时保持每行之和为 1：先把每个数向下取整，再把缺少的 0.1 依次分给余数最大"
            "的项（最大余数法）。在文章的例子中，0.0634 0.4683 0.4683 变成 0.0 0.5 0.5，而不是 0.1 0.5 0.5"
            "（那样和为 1.1）。第 5、6 步使用这些取整后的权重。"));
    MatrixViewOptions ro = query_by_key({1, false, false});
    ro.color_map = ColorMap::sequential;
    ro.range_min = 0;
    ro.range_max = 1;
    matrix_view(tr("weights (rounded)", "权重（取整）"), result_.weights, ro);
  }

  MatrixViewOptions weights_view() const {
    MatrixViewOptions o = query_by_key(rounded_ ? NumberFormat{1, false, false} : kComputed);
    o.color_map = ColorMap::sequential;
    o.range_min = 0;
    o.range_max = 1;
    return o;
  }

  void draw_weighted() {
    paragraph(tr("Each value v_j is scaled by the weight that query i gives it. One matrix per query: its row j "
                 "is w_ij v_j. Keys with weight near 0 contribute almost nothing.",
                 "每个值 v_j 乘以查询 i 给它的权重。每个查询对应一个矩阵：第 j 行是 w_ij v_j。"
                 "权重接近 0 的键几乎没有贡献。"));
    formula(trace_.steps[4].formula);
    MatrixViewOptions wo = weights_view();
    MatrixViewOptions vo = token_rows();
    for (int i = 0; i < x_.rows(); ++i) vo.row_labels[i] = sub("v", i);
    if (hover_.valid()) {
      wo.highlight_cells = {{hover_pair_, hover_.row}};
      vo.highlight_rows = {hover_.row};
    }
    matrix_view(rounded_ ? tr("weights (rounded)", "权重（取整）") : tr("weights", "权重"), result_.weights, wo);
    same_line_if_fits(matrix_view_size(result_.V, vo, "V").x);
    matrix_view("V", result_.V, vo);

    CellRef hovered;
    int hovered_query = -1;
    for (int i = 0; i < static_cast<int>(result_.weighted_values.size()); ++i) {
      const Mat& m = result_.weighted_values[i];
      MatrixViewOptions o = token_rows();
      for (int j = 0; j < x_.rows(); ++j) o.row_labels[j] = "w" + std::to_string(i + 1) + std::to_string(j + 1) + " v" + std::to_string(j + 1);
      o.explain = [this, i](int j, int c) {
        return "w_" + std::to_string(i + 1) + std::to_string(j + 1) + " × " + sub("v", j) + "[" + std::to_string(c) +
               "] = " + short_number(result_.weights(i, j)) + " × " + short_number(result_.V(j, c)) + " = " +
               short_number(result_.weighted_values[i](j, c));
      };
      if (i == hover_pair_) o.highlight_cells = {{hover_.row, hover_.col}};
      const std::string title = tr("for query ", "查询 ") + std::to_string(i + 1);
      if (i == 0) ImGui::Spacing();
      else same_line_if_fits(matrix_view_size(m, o, title.c_str()).x);
      CellRef c = matrix_view(title.c_str(), m, o);
      if (c.valid()) {
        hovered = c;
        hovered_query = i;
      }
    }
    follow(hovered, hovered_query);
  }

  void draw_outputs() {
    paragraph(tr("Adding up query i's weighted values gives its output: out_i = Σ_j w_ij v_j, all at once "
                 "outputs = weights V. Each output mixes the values of all inputs in the proportions the "
                 "attention weights set.",
                 "把查询 i 的加权值相加就得到它的输出：out_i = Σ_j w_ij v_j，一次算出全部就是 outputs = weights V。"
                 "每个输出按注意力权重的比例混合了所有输入的值。"));
    formula(trace_.steps[5].formula);
    MatrixViewOptions wo = weights_view();
    MatrixViewOptions vo = token_rows();
    for (int i = 0; i < x_.rows(); ++i) vo.row_labels[i] = sub("v", i);
    if (hover_.valid()) {
      wo.highlight_rows = {hover_.row};
      vo.highlight_cols = {hover_.col};
    }
    MatrixViewOptions oo = token_rows();
    for (int i = 0; i < x_.rows(); ++i) oo.row_labels[i] = sub("out", i);
    oo.highlight_cells = {{hover_.row, hover_.col}};
    oo.explain = [this](int i, int c) {
      return sub("out", i) + "[" + std::to_string(c) + "] = Σ_j w_" + std::to_string(i + 1) + "j v_j[" +
             std::to_string(c) + "]\n= " + product_terms(result_.weights.row(i), result_.V.col(c)) + "\n= " +
             short_number(result_.outputs(i, c));
    };
    follow(row_of_three(rounded_ ? tr("weights (rounded)", "权重（取整）") : tr("weights", "权重"), result_.weights,
                        wo, "V", result_.V, vo, "outputs", result_.outputs, oo));

    ImGui::Spacing();
    if (rounded_)
      note(tr("With the article's example and rounded weights these are the article's outputs "
              "[[2.0, 7.0, 1.5], [2.0, 8.0, 0.0], [2.0, 7.8, 0.3]]. Untick rounding to see the exact ones.",
              "使用文章的例子和取整后的权重，结果就是文章中的输出 [[2.0, 7.0, 1.5], [2.0, 8.0, 0.0], "
              "[2.0, 7.8, 0.3]]。取消取整可以看到精确值。"));
    if (result_.outputs.cols() != x_.cols()) {
      char text[512];
      std::snprintf(text, sizeof(text),
                    tr("Each output has d_v = %d numbers, the input had %d. The article points this out: real models "
                       "keep the output dimension equal to the input's, so blocks can be stacked and added to "
                       "their input. Set d_v to %d above to see it.",
                       "每个输出有 d_v = %d 个数，而输入有 %d 个。文章特别指出：真实模型会让输出维度等于输入维度，"
                       "这样模块才能堆叠，并与输入相加。在上方把 d_v 设为 %d 看看。"),
                    static_cast<int>(result_.outputs.cols()), static_cast<int>(x_.cols()), static_cast<int>(x_.cols()));
      note(text);
    }
  }

  // Moves the focus to a hovered cell; keeps the last one otherwise.
  void follow(CellRef hovered, int pair = 0) {
    if (!hovered.valid()) return;
    hover_ = hovered;
    hover_pair_ = pair;
  }

  // a, b -> c on one line (wrapping if narrow); returns the cell hovered in c (or in a/b)
  CellRef row_of_three(const char* a_name, const Mat& a, const MatrixViewOptions& ao, const char* b_name, const Mat& b,
                       const MatrixViewOptions& bo, const char* c_name, const Mat& c, const MatrixViewOptions& co) {
    matrix_view(a_name, a, ao);
    same_line_if_fits(matrix_view_size(b, bo, b_name).x);
    matrix_view(b_name, b, bo);
    same_line_if_fits(matrix_view_size(c, co, c_name).x + ImGui::GetFontSize() * 2);
    arrow();
    ImGui::SameLine();
    return matrix_view(c_name, c, co);
  }

  static void arrow() {
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(0, ImGui::GetTextLineHeight() * 2.2f));
    ImGui::TextUnformatted("→");
    ImGui::EndGroup();
  }

  std::vector<std::string> tokens_;
  Mat x_;
  SelfAttentionWeights w_;
  bool scaled_ = false, rounded_ = false;
  uint32_t random_seed_ = 0;
  SelfAttentionResult result_;
  Trace trace_;
  std::string error_;
  // The cell in focus: the last one hovered (first cell of a new step until then); what
  // fed it is outlined. hover_pair_: which of several matrices it is in (step 2: Q, K or V;
  // step 5: the query).
  CellRef hover_{0, 0};
  int hover_pair_ = 0;
  int focus_step_ = 1;
};

}  // namespace

std::unique_ptr<Scene> make_self_attention_scene() { return std::make_unique<SelfAttentionScene>(); }

}  // namespace vp::app
