// Scene 2: multi-head attention (the article's section 3): project, split into h heads, attend
// per head side by side, concatenate, output projection. The core's mha_self_forward computes;
// the weights are fixed, drawn from a seeded generator.
#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "app/i18n.h"
#include "app/step_scene.h"
#include "app/widgets/explain.h"
#include "app/widgets/matrix_view.h"
#include "app/widgets/text.h"
#include "app/widgets/trace_matrix.h"
#include "lessons/examples.h"
#include "nn/multihead_attention.h"
#include "nn/random_init.h"
#include "lessons/share_state.h"

namespace vp::app {

namespace {


std::string numbered(const char* name, int i) { return std::string(name) + "_" + std::to_string(i + 1); }

class MultiHeadScene : public StepScene {
  static constexpr NumberFormat kTyped{3, false, true};
  static constexpr NumberFormat kComputed{3, false, false};

 public:
  MultiHeadScene() {
    x_ = article_example().x;  // the article's three tokens, d = 4
    recompute();
    set_steps({{"Project", "投影", [this] { draw_project(); }},
               {"Split into heads", "分头", [this] { draw_split(); }},
               {"Scores per head", "各头的分数", [this] { draw_per_head("scores"); }},
               {"Softmax per head", "各头的 softmax", [this] { draw_per_head("softmax"); }},
               {"Head outputs", "各头的输出", [this] { draw_per_head("output"); }},
               {"Concatenate", "拼接", [this] { draw_concat(); }},
               {"Output projection", "输出投影", [this] { draw_out_proj(); }}});
  }
  const char* name() const override { return "multi-head"; }
  const char* title() const override { return tr("Multi-head attention", "多头注意力"); }

  nlohmann::json state() const override {
    return {{"trace", to_json(trace_)},
            {"inputs", {{"d_model", d()}, {"num_heads", heads_}, {"seed", seed_}, {"x", to_json(x_)}}},
            {"error", error_}};
  }

  nlohmann::json export_inputs() const override {
    return {{"x", share_json(x_)}, {"heads", heads_}, {"seed", seed_}};
  }

  std::vector<std::string> import_inputs(const nlohmann::json& inputs) override {
    using Kind = ShareField::Kind;
    static const ShareSchema schema{{{"tokens", 1, 8}, {"d", 4, 8}},
                                    {{"x", Kind::matrix, -1e6, 1e6, 0, 1},
                                     {"heads", Kind::integer, 1, 8},
                                     {"seed", Kind::integer, 0, 4294967295.0}}};
    CheckedInputs in = check_share_inputs(inputs, export_inputs(), schema);
    const Mat x = share_matrix(in.values["x"]);
    if (x.cols() % 2 == 0) x_ = x;  // the scene offers d = 4, 6, 8
    else in.notices.push_back("input 'x' was refused (d must be 4, 6 or 8); kept its default");
    const int heads = in.values["heads"];
    if (d() % heads == 0) heads_ = heads;
    else in.notices.push_back("input 'heads' was refused (" + std::to_string(heads) + " heads do not divide d = " +
                              std::to_string(d()) + "); kept " + std::to_string(heads_));
    if (d() % heads_) heads_ = 2;  // x's new d with the old heads: as the d buttons do
    seed_ = in.values["seed"].get<uint32_t>();
    recompute();
    return in.notices;
  }

 private:
  const char* heading_text() const override { return tr("Multi-head attention", "多头注意力"); }
  void draw_preamble() override {
    paragraph(tr("Instead of one attention over all d features, split each query, key and value into h heads "
                 "of d/h features, let every head attend on its own, then concatenate the heads and mix them "
                 "with one more matrix (the Linear in the article's figure). The article uses 2 heads.",
                 "不在全部 d 个特征上只做一次注意力，而是把每个查询、键和值切成 h 个头，每个头 d/h 个特征，"
                 "每个头各自做注意力，再把各头的结果拼接起来，用一个矩阵混合（文章图中的 Linear）。文章用 2 个头。"));
    draw_options();
    ImGui::Separator();
    if (!error_.empty()) error_text(error_);
    draw_step_heading();
  }

  int d() const { return static_cast<int>(x_.cols()); }
  int head_dim() const { return d() / heads_; }

  void draw_options() {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("Heads h:", "头数 h："));
    for (int h = 1; h <= d(); ++h) {
      if (d() % h) continue;  // only divisors of d split the features evenly
      ImGui::SameLine();
      if (ImGui::RadioButton(std::to_string(h).c_str(), heads_ == h)) {
        heads_ = h;
        recompute();
      }
    }
    same_line_if_fits(ImGui::GetFontSize() * 16);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("Features d:", "特征数 d："));
    for (int dim : {4, 6, 8}) {
      ImGui::SameLine();
      ImGui::PushID(dim);
      if (ImGui::RadioButton(std::to_string(dim).c_str(), d() == dim)) set_d(dim);
      ImGui::PopID();
    }
    same_line_if_fits(ImGui::GetFontSize() * 14);
    if (seed_control(seed_)) recompute();
    note(tr("The weights are fixed numbers from a seeded random generator, not trained ones: watch how the "
            "numbers flow, not what they mean.",
            "权重是由固定种子的随机数生成器给出的，不是训练得到的：请关注数字怎样流动，而不是它们的含义。"));
  }

  void set_d(int dim) {
    Mat x = random_integers(static_cast<int>(x_.rows()), dim, 0, 2, 40 + dim);
    const int keep = std::min(dim, d());
    x.leftCols(keep) = x_.leftCols(keep);
    x_ = x;
    if (dim % heads_) heads_ = 2;  // 2 divides 4, 6 and 8
    recompute();
  }

  void recompute() {
    try {
      MultiHeadAttention m = mha_zeros(d(), heads_);
      visit_params(m, "", seeded_init(seed_));
      Trace t;
      t.name = "multi-head";
      MhaOptions o;
      o.trace = &t;
      mha_self_forward(m, x_, o);
      mha_ = std::move(m);
      trace_ = std::move(t);
      error_.clear();
    } catch (const Error& e) {
      error_ = e.what();
    }
  }

  MatrixViewOptions token_rows(NumberFormat format = kComputed) const {
    MatrixViewOptions o;
    for (int i = 0; i < x_.rows(); ++i) o.row_labels.push_back(numbered("x", i));
    o.format = format;
    return o;
  }
  // columns labelled by head: "h1.0 h1.1 h2.0 ..." so the split is visible in every matrix
  MatrixViewOptions head_cols(MatrixViewOptions o) const {
    for (int c = 0; c < d(); ++c)
      o.col_labels.push_back("h" + std::to_string(c / head_dim() + 1) + "." + std::to_string(c % head_dim()));
    return o;
  }

  void draw_project() {
    paragraph(tr("As in single-head attention, every token is projected to a query, a key and a value, each "
                 "with all d features (PyTorch stores W as [out, in], hence the transpose). Edit x to see the "
                 "rest follow.",
                 "和单头注意力一样，每个 token 被投影成查询、键和值，各有全部 d 个特征（PyTorch 按 [输出, 输入] "
                 "存储 W，所以要转置）。编辑 x，后面的结果都会跟着变。"));
    formula("Q = x W_q^T,  K = x W_k^T,  V = x W_v^T");
    if (matrix_edit("x", x_, token_rows(kTyped))) recompute();
    const char* names[] = {"Q", "K", "V"};
    const char* weight_names[] = {"W_q^T", "W_k^T", "W_v^T"};
    for (int block = 0; block < 3; ++block) {
      // in_proj_weight stacks W_q, W_k, W_v by rows (PyTorch); shown transposed to read x W
      const Mat w_t = mha_.in_proj_weight.middleRows(block * d(), d()).transpose();
      const std::string w_name = weight_names[block];
      const Mat& out = trace_matrix(trace_, "project", names[block]);
      MatrixViewOptions wo;
      MatrixViewOptions oo = head_cols(token_rows());
      const float width = matrix_view_size(w_t, wo, w_name.c_str()).x + matrix_view_size(out, oo).x;
      if (block > 0) same_line_if_fits(width);
      ImGui::BeginGroup();
      matrix_view(w_name.c_str(), w_t, wo);
      ImGui::SameLine();
      matrix_view(names[block], out, oo);
      ImGui::EndGroup();
    }
  }

  void draw_split() {
    paragraph(tr("Splitting costs nothing: head i simply takes its own d/h columns of Q, K and V. Each head "
                 "will compare tokens using only its features, so different heads can look for different "
                 "things.",
                 "分头不需要任何计算：第 i 个头只取 Q、K、V 中属于它的 d/h 列。每个头只用自己的特征比较 token，"
                 "所以不同的头可以关注不同的东西。"));
    formula("Q = [Q_1 | ... | Q_h],  Q_i = Q[:, (i-1) d/h : i d/h]");
    for (int i = 0; i < heads_; ++i) {
      const std::string head = "head" + std::to_string(i + 1);
      const Mat& q = trace_matrix(trace_, head + ".scores", "Q");
      const Mat& k = trace_matrix(trace_, head + ".scores", "K");
      const Mat& v = trace_matrix(trace_, head + ".output", "V");
      MatrixViewOptions o = token_rows();
      o.show_legend = false;
      const float width = 3 * matrix_view_size(q, o, "Q_1").x;
      if (i > 0) same_line_if_fits(width);
      ImGui::BeginGroup();
      ImGui::PushID(i);
      ImGui::Text(tr("Head %d", "第 %d 个头"), i + 1);
      matrix_view(numbered("Q", i).c_str(), q, o);
      ImGui::SameLine();
      matrix_view(numbered("K", i).c_str(), k, o);
      ImGui::SameLine();
      matrix_view(numbered("V", i).c_str(), v, o);
      ImGui::PopID();
      ImGui::EndGroup();
    }
  }

  // step "scores", "softmax" or "output" of every head, side by side
  void draw_per_head(const char* which) {
    const std::string what = which;
    char scale_text[64];
    std::snprintf(scale_text, sizeof(scale_text), "√(d/h) = √%d", head_dim());
    if (what == "scores") {
      paragraph(tr("Each head scores every pair of tokens with its own queries and keys, divided by the square "
                   "root of its width d/h (PyTorch always scales). Hover a cell for its dot product.",
                   "每个头用自己的查询和键为每对 token 打分，并除以头宽 d/h 的平方根（PyTorch 总会缩放）。"
                   "把鼠标移到单元格上可以看到点积。"));
      formula(std::string("scores_i = Q_i K_i^T / ") + scale_text);
    } else if (what == "softmax") {
      paragraph(tr("Each head turns its scores into its own attention weights: the heads may disagree about "
                   "which token matters.",
                   "每个头把自己的分数变成自己的注意力权重：不同的头对哪个 token 重要可能有不同看法。"));
      formula("weights_i = softmax(scores_i)");
    } else {
      paragraph(tr("Each head mixes its own slice of the values with its own weights.",
                   "每个头用自己的权重混合自己那一份值。"));
      formula("head_i = weights_i V_i");
    }
    // one colour scale for all heads, so their matrices can be compared at a glance
    const std::string step_name = what == "softmax" ? "softmax" : what;
    const std::string matrix_name = what == "scores" ? "scores" : what == "softmax" ? "weights" : "output";
    float extent = 0;
    for (int i = 0; i < heads_; ++i) {
      const Mat& m = trace_matrix(trace_, "head" + std::to_string(i + 1) + "." + step_name, matrix_name);
      if (m.size()) extent = std::max(extent, m.cwiseAbs().maxCoeff());
    }
    for (int i = 0; i < heads_; ++i) {
      const std::string head = "head" + std::to_string(i + 1);
      MatrixViewOptions o = token_rows();
      o.col_labels.clear();
      o.range_min = -extent;
      o.range_max = extent;
      const Mat* shown = nullptr;
      std::string title;
      if (what == "scores") {
        shown = &trace_matrix(trace_, head + ".scores", "scores");
        const Mat* q = &trace_matrix(trace_, head + ".scores", "Q");
        const Mat* k = &trace_matrix(trace_, head + ".scores", "K");
        for (int j = 0; j < x_.rows(); ++j) o.col_labels.push_back(numbered("x", j));
        const Mat* s = shown;
        const std::string scale = scale_text;
        o.explain = [=](int r, int c) {
          return "(" + product_terms(q->row(r), k->row(c)) + ") / " + scale + "\n= " + short_number((*s)(r, c));
        };
        title = numbered("scores", i);
      } else if (what == "softmax") {
        shown = &trace_matrix(trace_, head + ".softmax", "weights");
        const Mat* scores = &trace_matrix(trace_, head + ".softmax", "scores");
        const Mat* w = shown;
        for (int j = 0; j < x_.rows(); ++j) o.col_labels.push_back(numbered("x", j));
        o.color_map = ColorMap::sequential;
        o.range_min = 0;
        o.range_max = 1;
        o.explain = [=](int r, int c) {
          return softmax_terms(scores->row(r), c) + "\n= " + short_number((*w)(r, c));
        };
        title = numbered("weights", i);
      } else {
        shown = &trace_matrix(trace_, head + ".output", "output");
        const Mat* w = &trace_matrix(trace_, head + ".output", "weights");
        const Mat* v = &trace_matrix(trace_, head + ".output", "V");
        const Mat* out = shown;
        o.explain = [=](int r, int c) {
          return "Σ_j w_" + std::to_string(r + 1) + "j v_j[" + std::to_string(c) + "] = " +
                 product_terms(w->row(r), v->col(c)) + "\n= " + short_number((*out)(r, c));
        };
        title = numbered("head", i);
      }
      if (i > 0) same_line_if_fits(matrix_view_size(*shown, o, title.c_str()).x);
      ImGui::PushID(i);
      matrix_view(title.c_str(), *shown, o);
      ImGui::PopID();
    }
  }

  void draw_concat() {
    paragraph(tr("The head outputs are put side by side again: d/h columns each, d in all. The column labels "
                 "say which head each column came from.",
                 "把各头的输出重新并排放在一起：每个头 d/h 列，共 d 列。列标签表明每一列来自哪个头。"));
    formula("Concat(head_1, ..., head_h)");
    const Mat& concat = trace_matrix(trace_, "concat", "concat");
    matrix_view("concat", concat, head_cols(token_rows()));
  }

  void draw_out_proj() {
    paragraph(tr("A last Linear layer mixes the heads' features, so every output feature can use what every "
                 "head found. The output has d features again, like the input: the block can be stacked.",
                 "最后一个线性层混合各头的特征，让每个输出特征都能用到每个头找到的东西。输出又是 d 个特征，"
                 "和输入一样：这个模块可以堆叠。"));
    formula("output = Concat(...) W_O^T + b_O");
    const Mat& concat = trace_matrix(trace_, "out_proj", "concat");
    const Mat w_t = mha_.out_proj.weight.transpose();
    const Mat& out = trace_matrix(trace_, "out_proj", "output");
    matrix_view("concat", concat, head_cols(token_rows()));
    same_line_if_fits(matrix_view_size(w_t, {}, "W_O^T").x);
    matrix_view("W_O^T", w_t);
    same_line_if_fits(matrix_view_size(out, token_rows(), "output").x);
    matrix_view("output", out, token_rows());
  }

  Mat x_;
  int heads_ = 2;
  uint32_t seed_ = 1;
  MultiHeadAttention mha_;
  Trace trace_;
  std::string error_;
};

}  // namespace

std::unique_ptr<Scene> make_multi_head_scene() { return std::make_unique<MultiHeadScene>(); }

}  // namespace vp::app
