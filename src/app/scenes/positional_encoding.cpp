// Scene 6: positional encoding (the article's appendix B). Why attention needs it (permute
// the tokens: the outputs only permute), the three candidate schemes and their flaws, the
// sinusoid table, one position worked through term by term, PE(pos + k) = M_k PE(pos), and
// the order mattering once PE is added. The math is nn/positional_encoding.h,
// lessons/pe_steps.h and lessons/permutation.h; this file draws it.
#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "app/i18n.h"
#include "app/step_scene.h"
#include "app/widgets/heatmap.h"
#include "app/widgets/matrix_view.h"
#include "app/widgets/text.h"
#include "lessons/embedding_steps.h"
#include "lessons/examples.h"
#include "lessons/pe_steps.h"
#include "lessons/permutation.h"
#include "nn/positional_encoding.h"
#include "lessons/share_state.h"

namespace vp::app {

namespace {

// Codes against position on shared axes, one dot per position, so that the slopes compare.
struct CodeSeries {
  const Mat* codes;  // [n, 1]
  ImU32 color;
};
void codes_plot(const std::vector<CodeSeries>& series, float x_max, float y_max, ImVec2 size) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::Dummy(size);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(ImGuiCol_FrameBg));
  const float pad = em(0.5f);
  for (const CodeSeries& s : series)
    for (int pos = 0; pos < s.codes->rows(); ++pos) {
      const float x = p.x + pad + (size.x - 2 * pad) * pos / x_max;
      const float y = p.y + size.y - pad - (size.y - 2 * pad) * (*s.codes)(pos, 0) / y_max;
      draw->AddCircleFilled(ImVec2(x, y), em(0.18f), s.color);
    }
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  char label[32];
  std::snprintf(label, sizeof label, "%g", y_max);
  draw->AddText(ImVec2(p.x + pad, p.y), text, label);
  std::snprintf(label, sizeof label, "pos %g", x_max);
  draw->AddText(ImVec2(p.x + size.x - ImGui::CalcTextSize(label).x - pad, p.y + size.y - em(1.1f)), text, label);
}

const ImU32 kShortColor = IM_COL32(255, 176, 64, 255);
const ImU32 kLongColor = IM_COL32(64, 200, 255, 255);

// Everything the current step shows, computed by the core; draw() and state() both read it.
struct PeView {
  Trace trace;
  OrderCheck order;        // steps 1 and 7
  Mat index;               // step 2: [n, 1]
  Mat short_pe, long_pe;   // step 3: [n_a, 1], [n_b, 1]
  Mat short_gap, long_gap; // step 3: neighbour steps
  Mat sinusoid;            // step 4: [n, d]
  std::vector<PeTerm> terms;  // step 5
  Mat code;                // step 5: [1, d]
  PeShift shift;           // step 6
};

class PositionalEncodingScene : public StepScene {
 public:
  PositionalEncodingScene() {
    set_steps({{"Attention is blind to order", "注意力不看顺序", [this] { draw_order(compute()); }},
               {"Scheme 1: the index", "方案一:序号", [this] { draw_index(compute()); }},
               {"Scheme 2: index / length", "方案二:序号 / 长度", [this] { draw_over_length(compute()); }},
               {"Scheme 3: sinusoids", "方案三:正弦编码", [this] { draw_sinusoid(compute()); }},
               {"One position worked through", "逐项计算一个位置", [this] { draw_terms(compute()); }},
               {"PE(pos+k) = M_k PE(pos)", "PE(pos+k) = M_k PE(pos)", [this] { draw_shift(compute()); }},
               {"With PE, order matters", "加上位置编码,顺序就有影响", [this] { draw_order(compute()); }}});
  }
  const char* name() const override { return "positional-encoding"; }
  const char* title() const override { return tr("Positional encoding", "位置编码"); }

  nlohmann::json state() const override {
    nlohmann::json j;
    try {
      const PeView v = compute();
      j["trace"] = to_json(v.trace);
      if (step_ == 1 || step_ == 7) {
        j["permutation"] = perm_;
        j["max_difference"] = v.order.max_difference;
      }
      if (step_ == 5) {
        nlohmann::json terms = nlohmann::json::array();
        for (const PeTerm& t : v.terms)
          terms.push_back({{"dim", t.dim}, {"pair", t.pair}, {"exponent", t.exponent}, {"divisor", t.divisor},
                           {"angle", t.angle}, {"fn", t.is_sin ? "sin" : "cos"}, {"value", t.value}});
        j["terms"] = terms;
      }
      if (step_ == 6) j["max_difference"] = v.shift.max_difference;
    } catch (const Error& e) {
      j["error"] = e.what();
    }
    j["params"] = {{"index_length", index_length_}, {"short_length", short_length_}, {"long_length", long_length_},
                   {"table_positions", table_positions_}, {"table_dims", table_dims_}, {"pos", pos_},
                   {"dims", dims_}, {"k", k_}, {"shift_dims", shift_dims_}};
    return j;
  }

  nlohmann::json export_inputs() const override {
    return {{"order", {perm_}},        {"index_length", index_length_}, {"short_length", short_length_},
            {"long_length", long_length_}, {"table_positions", table_positions_}, {"table_dims", table_dims_},
            {"pos", pos_},             {"dims", dims_},                 {"k", k_},
            {"shift_dims", shift_dims_}};
  }

  std::vector<std::string> import_inputs(const nlohmann::json& inputs) override {
    using Kind = ShareField::Kind;
    // the sliders' ranges; order is the token permutation of steps 1 and 7, as one row
    static const ShareSchema schema{{{"one", 1, 1}, {"tokens", 3, 3}},
                                    {{"order", Kind::matrix, 0, 2, 0, 1},
                                     {"index_length", Kind::integer, 1, 500},
                                     {"short_length", Kind::integer, 2, 100},
                                     {"long_length", Kind::integer, 2, 100},
                                     {"table_positions", Kind::integer, 4, 256},
                                     {"table_dims", Kind::integer, 2, 256},
                                     {"pos", Kind::integer, 0, 99},
                                     {"dims", Kind::integer, 1, 16},
                                     {"k", Kind::integer, -10, 10},
                                     {"shift_dims", Kind::integer, 2, 8}}};
    CheckedInputs in = check_share_inputs(inputs, export_inputs(), schema);
    nlohmann::json& v = in.values;
    // what the schema cannot say: a permutation, even sizes for sin/cos pairs, pos + k >= 0
    std::vector<int> order;
    for (const auto& x : v["order"][0]) order.push_back(static_cast<int>(x.get<double>()));
    if (std::is_permutation(order.begin(), order.end(), std::vector<int>{0, 1, 2}.begin())) perm_ = order;
    else in.notices.push_back("input 'order' was refused (not a permutation of 0, 1, 2); kept its default");
    for (const char* even : {"table_dims", "shift_dims"})
      if (v[even].get<int>() % 2) {
        in.notices.push_back(std::string("input '") + even + "' was refused (sin/cos come in pairs: an even number); kept its default");
        v[even] = export_inputs()[even];
      }
    if (v["pos"].get<int>() + v["k"].get<int>() < 0) {
      in.notices.push_back("input 'k' was refused (pos + k must be a position, >= 0); kept its default");
      v["k"] = k_;
      if (v["pos"].get<int>() + k_ < 0) v["pos"] = pos_;
    }
    index_length_ = v["index_length"];
    short_length_ = v["short_length"];
    long_length_ = v["long_length"];
    table_positions_ = v["table_positions"];
    table_dims_ = v["table_dims"];
    pos_ = v["pos"];
    dims_ = v["dims"];
    k_ = v["k"];
    shift_dims_ = v["shift_dims"];
    return in.notices;
  }

 private:
  PeView compute() const {
    PeView v;
    v.trace.name = "positional-encoding";
    Trace* t = &v.trace;
    switch (step_) {
      case 1:
      case 7: {
        const auto ex = article_example();
        const Mat pe = step_ == 7 ? pe_sinusoidal(static_cast<int>(ex.x.rows()), static_cast<int>(ex.x.cols())) : Mat();
        v.order = attention_order_check(ex.x, perm_, pe, ex.weights, t);
        break;
      }
      case 2:
        v.index = pe_index(index_length_, 1);
        record(t, "index", "Scheme 1: PE(pos) = pos", "PE(pos) = pos").out("PE", v.index);
        break;
      case 3:
        v.short_pe = pe_index_over_length(short_length_, 1);
        v.long_pe = pe_index_over_length(long_length_, 1);
        v.short_gap = pe_neighbour_steps(v.short_pe);
        v.long_gap = pe_neighbour_steps(v.long_pe);
        record(t, "index_over_length", "Scheme 2: PE(pos) = pos / n", "PE(pos) = pos / n")
            .out("PE short", v.short_pe).out("gaps short", v.short_gap)
            .out("PE long", v.long_pe).out("gaps long", v.long_gap);
        break;
      case 4:
        v.sinusoid = pe_sinusoidal(table_positions_, table_dims_);
        record(t, "sinusoidal", "Scheme 3: sinusoids", "PE(pos,2i) = sin(pos/10000^(2i/d)), PE(pos,2i+1) = cos(...)")
            .out("PE", v.sinusoid);
        break;
      case 5:
        v.terms = pe_terms(pos_, dims_);
        v.code = pe_sinusoidal(pos_ + 1, dims_).bottomRows(1);
        record(t, "code", "One position's code", "PE(pos) = [sin(pos/1), cos(pos/1), sin(pos/10000^(2/d)), ...]")
            .out("PE(pos)", v.code);
        break;
      default:
        v.shift = pe_shift(pos_, k_, shift_dims_, t);
        break;
    }
    return v;
  }

  // ---- steps 1 and 7: permute the tokens ---------------------------------------------------
  void draw_order(const PeView& v) {
    const bool with_pe = step_ == 7;
    paragraph(with_pe
                  ? tr("Now add the sinusoidal code of each position (step 4) to the tokens before "
                       "attention: x + PE. The code stays with the position while the tokens move, so a "
                       "permuted sentence gets different inputs, and the outputs change, not only their "
                       "order. Permute again and compare.",
                       "现在在注意力之前把每个位置的正弦编码(第 4 步)加到词上:x + PE。词移动时编码留在原位置,"
                       "所以换了顺序的句子得到不同的输入,输出也随之改变,而不只是换了顺序。再换一次顺序比较看看。")
                  : tr("Self-attention (the article's example and weights) compares every token with every "
                       "other, but nothing in it says where a token stands. Permute the tokens: the outputs "
                       "are the same rows in the new order. \"I love you\" and \"you love I\" would look the "
                       "same. This is why the encoder adds a positional encoding.",
                       "自注意力(用文章的例子和权重)把每个词和所有词比较,但其中没有任何东西表示词的位置。"
                       "打乱词的顺序:输出只是同样的行换了顺序。\"我爱你\"和\"你爱我\"看起来一样。"
                       "这就是编码器要加位置编码的原因。"));
    if (ImGui::Button(tr("Swap x1 and x2", "交换 x1 和 x2"))) std::swap(perm_[0], perm_[1]);
    ImGui::SameLine();
    if (ImGui::Button(tr("Swap x2 and x3", "交换 x2 和 x3"))) std::swap(perm_[1], perm_[2]);
    ImGui::SameLine();
    if (ImGui::Button(tr("Rotate", "轮换"))) std::rotate(perm_.begin(), perm_.begin() + 1, perm_.end());
    ImGui::SameLine();
    if (ImGui::Button(tr("Original order", "原始顺序"))) perm_ = {0, 1, 2};

    const bool same = v.order.max_difference < 1e-4f;
    ImGui::TextColored(same ? ImVec4(0.5f, 0.9f, 0.5f, 1) : ImVec4(1, 0.7f, 0.3f, 1), "%s %.6f   %s",
                       tr("outputs put back in order vs the original outputs: largest difference",
                          "换序输出放回原顺序后与原输出的最大差:"),
                       v.order.max_difference,
                       same ? tr("(same values: attention ignored the order)", "(数值相同:注意力忽略了顺序)")
                            : tr("(different values: the order now matters)", "(数值不同:顺序有影响了)"));
    const std::vector<std::string> tokens = {"x1", "x2", "x3"};
    std::vector<std::string> moved;
    for (int i : perm_) moved.push_back(tokens[i]);
    MatrixViewOptions in;
    in.row_labels = tokens;
    in.format.trim_zeros = true;
    matrix_view(with_pe ? tr("x + PE", "x + PE") : tr("x", "x"), v.order.x, in);
    in.row_labels = moved;
    matrix_view_beside(with_pe ? tr("permuted x + PE", "换序后的 x + PE") : tr("permuted x", "换序后的 x"),
                       v.order.x_permuted, in);

    MatrixViewOptions out;
    out.row_labels = tokens;
    out.format.decimals = 4;
    matrix_view(tr("outputs", "输出"), v.order.out, out);
    out.row_labels = moved;
    matrix_view_beside(tr("outputs of the permuted input", "换序输入的输出"), v.order.out_permuted, out);
    out.row_labels = tokens;
    matrix_view_beside(tr("...put back in the original order", "……放回原顺序"), v.order.out_permuted_back, out);

  }

  // ---- step 2: PE(pos) = pos -----------------------------------------------------------------
  void draw_index(const PeView& v) {
    paragraph(tr("The obvious code: number the words 0, 1, 2, ... Simple, but unbounded: the longer the "
                 "sentence, the bigger the last codes, while word embeddings are numbers around +-1. "
                 "Drag the length and watch the last code grow.",
                 "最直接的编码:把词编号为 0, 1, 2, ... 简单,但没有上限:句子越长,后面的编码越大,"
                 "而词向量的数值大约在 +-1 之间。拖动句子长度,看最后一个编码如何增长。"));
    ImGui::SetNextItemWidth(em(14));
    ImGui::SliderInt(tr("sentence length n", "句子长度 n"), &index_length_, 1, 500);
    draw_code_row(tr("PE(pos) = pos", "PE(pos) = pos"), v.index, 0);
    ImGui::Text("%s PE(%d) = %d", tr("last word:", "最后一个词:"), index_length_ - 1, index_length_ - 1);
    ImGui::TextUnformatted(tr("the code of every position (both axes 0..500):", "每个位置的编码(两个轴都是 0..500):"));
    codes_plot({{&v.index, kShortColor}}, 500.0f, 500.0f, ImVec2(std::min(ImGui::GetContentRegionAvail().x, em(30)), em(10)));
  }

  // ---- step 3: PE(pos) = pos / n, two lengths side by side ------------------------------------
  void draw_over_length(const PeView& v) {
    paragraph(tr("Divide by the length to keep the codes in [0, 1): for four words 0, 0.25, 0.5, 0.75. "
                 "But the gap between neighbours is 1/n: 0.25 for four words, 0.01 for a hundred. The same "
                 "number means a different distance in every sentence, which makes training harder.",
                 "除以句子长度,把编码限制在 [0, 1):四个词是 0, 0.25, 0.5, 0.75。但相邻两个词的间距是 1/n:"
                 "四个词时是 0.25,一百个词时是 0.01。同一个数在不同句子里代表不同的距离,这对训练不友好。"));
    const float column = std::max(em(16), ImGui::GetContentRegionAvail().x * 0.5f - em(1));
    draw_length_column("short", &short_length_, v.short_pe, v.short_gap, column);
    same_line_if_fits(column);
    draw_length_column("long", &long_length_, v.long_pe, v.long_gap, column);
    ImGui::TextColored(ImColor(kShortColor), "n = %d", short_length_);
    ImGui::SameLine();
    ImGui::TextColored(ImColor(kLongColor), "n = %d", long_length_);
    ImGui::SameLine();
    ImGui::TextUnformatted(tr(": the code of every position, on the same axes", ":每个位置的编码,画在同一坐标轴上"));
    codes_plot({{&v.short_pe, kShortColor}, {&v.long_pe, kLongColor}},
               static_cast<float>(std::max(short_length_, long_length_)), 1.0f,
               ImVec2(std::min(ImGui::GetContentRegionAvail().x, em(36)), std::max(em(6), ImGui::GetContentRegionAvail().y - em(1))));
  }

  void draw_length_column(const char* id, int* length, const Mat& pe, const Mat& gap, float width) {
    ImGui::PushID(id);
    ImGui::BeginGroup();
    ImGui::SetNextItemWidth(width - em(7));
    ImGui::SliderInt(tr("length n", "长度 n"), length, 2, 100);
    draw_code_row("PE(pos) = pos / n", pe, 3);
    ImGui::Text("%s %.4f", tr("gap between neighbours:", "相邻间距:"), gap(0, 0));
    ImGui::EndGroup();
    ImGui::PopID();
  }

  // The first few codes of a [n, 1] column as one row of numbers.
  void draw_code_row(const char* title, const Mat& pe, int decimals) {
    const int shown = std::min<int>(static_cast<int>(pe.rows()), 8);
    MatrixViewOptions o;
    o.row_labels = {"PE"};
    o.col_labels = index_labels(shown);
    o.color_map = ColorMap::sequential;
    o.range_min = 0;
    o.range_max = std::max(1.0f, pe.maxCoeff());
    o.format.decimals = decimals;
    o.show_legend = false;
    matrix_view(title, pe.topRows(shown).transpose(), o);
    if (pe.rows() > shown)
      ImGui::TextDisabled(tr("(the first %d of %d positions)", "(%d 个位置,共 %d 个)"), shown, static_cast<int>(pe.rows()));
  }

  // ---- step 4: the sinusoid table --------------------------------------------------------------
  void draw_sinusoid(const PeView& v) {
    paragraph(tr("The paper's code: each pair of dimensions (2i, 2i+1) is a sine and a cosine of the "
                 "position at its own frequency, from fast (left) to very slow (right). Every value stays "
                 "in [-1, 1] however long the sentence, and the code of a position never depends on the "
                 "length.",
                 "论文的编码:每一对维度 (2i, 2i+1) 是位置的正弦和余弦,各有自己的频率,从快(左)到很慢(右)。"
                 "无论句子多长,每个值都在 [-1, 1] 之内,且一个位置的编码与句子长度无关。"));
    formula("PE(pos, 2i) = sin(pos / 10000^(2i/d)),   PE(pos, 2i+1) = cos(pos / 10000^(2i/d))");
    ImGui::SetNextItemWidth(em(10));
    ImGui::SliderInt(tr("positions", "位置数"), &table_positions_, 4, 256);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em(10));
    if (ImGui::SliderInt(tr("dims d", "维度 d"), &table_dims_, 2, 256)) table_dims_ += table_dims_ % 2;

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 size(avail.x - em(1), std::max(em(8), avail.y - em(5)));
    ImGui::TextUnformatted(tr("rows: position pos (0 at the top); columns: dimension", "行:位置 pos(0 在最上面);列:维度"));
    int row = -1, col = -1;
    heatmap("sinusoid", v.sinusoid, size, ColorMap::diverging, -1.0f, 1.0f, &row, &col);
    if (row >= 0 && col >= 0) {
      ImGui::BeginTooltip();
      ImGui::Text("PE(%d, %d) = %s(%d / 10000^(%d/%d)) = %.4f", row, col, col % 2 == 0 ? "sin" : "cos", row,
                  col - col % 2, table_dims_, v.sinusoid(row, col));
      ImGui::EndTooltip();
    }
    colormap_legend(ColorMap::diverging, -1.0f, 1.0f, em(12));
  }

  // ---- step 5: one position term by term ------------------------------------------------------
  void draw_terms(const PeView& v) {
    paragraph(tr("The article works the formula through for the first characters: 秃 at pos 0 and 头 at "
                 "pos 1. Pick a position and a dimension d; each column of the code is one term below.",
                 "文章对前几个字逐项套用公式:秃 在 pos 0,头 在 pos 1。选择位置和维度 d,编码的每一列就是下面的一行。"));
    ImGui::SetNextItemWidth(em(10));
    ImGui::SliderInt("pos", &pos_, 0, 99);
    if (pos_ < 4) {
      ImGui::SameLine();
      ImGui::Text("= %s", article_embedding_tokens()[pos_].c_str());
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em(10));
    ImGui::SliderInt("d", &dims_, 1, 16);

    const float row_height = ImGui::GetTextLineHeight() + 2 * ImGui::GetStyle().CellPadding.y;
    const float table_height = std::min(row_height * (dims_ + 1) + 2, std::max(em(8), ImGui::GetContentRegionAvail().y - em(6)));
    if (ImGui::BeginTable("terms", 6, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit |
                                          ImGuiTableFlags_ScrollY,
                          ImVec2(0, table_height))) {
      ImGui::TableSetupScrollFreeze(0, 1);
      ImGui::TableSetupColumn(tr("dim", "维度"));
      ImGui::TableSetupColumn("i");
      ImGui::TableSetupColumn("10000^(2i/d)");
      ImGui::TableSetupColumn(tr("angle = pos / 10000^(2i/d)", "角度 = pos / 10000^(2i/d)"));
      ImGui::TableSetupColumn(tr("function", "函数"));
      ImGui::TableSetupColumn(tr("value", "值"));
      ImGui::TableHeadersRow();
      for (const PeTerm& t : v.terms) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%d", t.dim);
        ImGui::TableNextColumn();
        ImGui::Text("%d", t.pair);
        ImGui::TableNextColumn();
        ImGui::Text("10000^(%d/%d) = %.4g", 2 * t.pair, dims_, t.divisor);
        ImGui::TableNextColumn();
        ImGui::Text("%d / %.4g = %.4g", pos_, t.divisor, t.angle);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(t.is_sin ? "sin" : "cos");
        ImGui::TableNextColumn();
        ImGui::Text("%.5f", t.value);
      }
      ImGui::EndTable();
    }
    MatrixViewOptions o;
    o.row_labels = {pos_ < 4 ? article_embedding_tokens()[pos_] : std::to_string(pos_)};
    o.range_min = -1;
    o.range_max = 1;
    o.format.decimals = 5;
    matrix_view("PE(pos)", v.code, o);
  }

  // ---- step 6: PE(pos + k) = M_k PE(pos) ---------------------------------------------------------
  void draw_shift(const PeView& v) {
    paragraph(tr("The third advantage: for any offset k there is one fixed matrix M_k with PE(pos + k) = "
                 "M_k PE(pos) for every pos. M_k is block diagonal, a 2x2 rotation by k w_i for each "
                 "(sin, cos) pair, because sin(a + b) = sin a cos b + cos a sin b and cos(a + b) = "
                 "cos a cos b - sin a sin b. So a position's code carries how to reach the others.",
                 "第三个优点:对任意偏移 k,都有一个固定矩阵 M_k,使得对每个 pos 都有 PE(pos + k) = M_k PE(pos)。"
                 "M_k 是分块对角矩阵,每个 (sin, cos) 对是一个旋转 k w_i 的 2x2 旋转,因为 sin(a + b) = "
                 "sin a cos b + cos a sin b,cos(a + b) = cos a cos b - sin a sin b。所以一个位置的编码"
                 "包含了到达其他位置的信息。"));
    ImGui::SetNextItemWidth(em(8));
    ImGui::SliderInt("pos", &pos_, 0, 99);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em(8));
    ImGui::SliderInt("k", &k_, -10, 10);
    if (pos_ + k_ < 0) k_ = -pos_;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em(8));
    if (ImGui::SliderInt("d", &shift_dims_, 2, 8)) shift_dims_ += shift_dims_ % 2;

    MatrixViewOptions m;
    m.range_min = -1;
    m.range_max = 1;
    m.format.decimals = 3;
    m.row_labels = m.col_labels = index_labels(shift_dims_);
    m.explain = [](int r, int c) {
      if (r / 2 != c / 2) return std::string(tr("0: pairs do not mix", "0:不同的对互不混合"));
      return std::string(r == c ? "cos(k w_i)" : r < c ? "sin(k w_i)" : "-sin(k w_i)") +
             ", w_i = 1 / 10000^(2i/d), i = " + std::to_string(r / 2);
    };
    matrix_view("M_k", v.shift.M, m);
    MatrixViewOptions col;
    col.range_min = -1;
    col.range_max = 1;
    col.format.decimals = 4;
    col.show_legend = false;
    matrix_view_beside("PE(pos)", v.shift.pe_pos, col);
    matrix_view_beside("M_k PE(pos)", v.shift.shifted, col);
    matrix_view_beside("PE(pos + k)", v.shift.pe_target, col);
    ImGui::TextColored(ImVec4(0.5f, 0.9f, 0.5f, 1), "max |M_k PE(%d) - PE(%d)| = %.2g", pos_, pos_ + k_,
                       v.shift.max_difference);
  }

  std::vector<int> perm_ = {1, 0, 2};  // start permuted, so the first look shows the point
  int index_length_ = 4;
  int short_length_ = 4, long_length_ = 100;
  int table_positions_ = 100, table_dims_ = 128;
  int pos_ = 1, dims_ = 4, k_ = 1, shift_dims_ = 4;
};

}  // namespace

std::unique_ptr<Scene> make_positional_encoding_scene() { return std::make_unique<PositionalEncodingScene>(); }

}  // namespace vp::app
