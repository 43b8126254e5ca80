// Scene 7: CNN versus self-attention (the article's section 6). A small drawn image; for one
// query cell, the convolution's fixed 3x3 window next to a self-attention map over the whole
// grid. A CNN is a self-attention restricted to a fixed local window; self-attention is a
// more general CNN that must learn more, hence ViT's appetite for data.
// The math is nn/conv2d.h and lessons/grid_attention.h; this file draws it.
#include <algorithm>
#include <cmath>
#include <string>

#include <imgui.h>

#include "app/i18n.h"
#include "app/step_scene.h"
#include "app/widgets/heatmap.h"
#include "app/widgets/matrix_view.h"
#include "app/widgets/text.h"
#include "nn/conv2d.h"
#include "lessons/grid_attention.h"
#include "lessons/share_state.h"

namespace vp::app {

namespace {

const char* const kShapes[] = {"cross", "square", "ring", "diagonal", "empty"};
const char* const kKernels[] = {"mean", "edge", "vertical", "identity"};

const char* shape_label(int i) {
  const char* en[] = {"Cross", "Square", "Ring", "Diagonal", "Clear"};
  const char* zh[] = {"十字", "方块", "圆环", "对角线", "清空"};
  return tr(en[i], zh[i]);
}

const char* kernel_label(int i) {
  const char* en[] = {"Blur (mean)", "Edges", "Vertical edges", "Identity"};
  const char* zh[] = {"模糊(均值)", "边缘", "竖直边缘", "恒等"};
  return tr(en[i], zh[i]);
}

// A grid of cells drawn as a heatmap, with the query cell and (optionally) a 3x3 window
// outlined. Returns the hovered cell (row < 0: none) and whether it was clicked.
struct CellHit {
  int row = -1, col = -1;
  bool clicked = false;
};

CellHit grid_view(const char* id, const Mat& m, float cell, ColorMap map, float lo, float hi, int qr, int qc,
                  int window_radius) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  CellHit hit;
  heatmap(id, m, ImVec2(cell * m.cols(), cell * m.rows()), map, lo, hi, &hit.row, &hit.col);
  hit.clicked = hit.row >= 0 && ImGui::IsMouseClicked(ImGuiMouseButton_Left);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  // thin grid lines so single cells can be told apart
  for (int i = 1; i < m.rows(); ++i)
    draw->AddLine(ImVec2(origin.x, origin.y + i * cell), ImVec2(origin.x + cell * m.cols(), origin.y + i * cell),
                  IM_COL32(128, 128, 128, 60));
  for (int j = 1; j < m.cols(); ++j)
    draw->AddLine(ImVec2(origin.x + j * cell, origin.y), ImVec2(origin.x + j * cell, origin.y + cell * m.rows()),
                  IM_COL32(128, 128, 128, 60));
  if (window_radius > 0) {
    const int r0 = std::max(0, qr - window_radius), c0 = std::max(0, qc - window_radius);
    const int r1 = std::min<int>(static_cast<int>(m.rows()) - 1, qr + window_radius);
    const int c1 = std::min<int>(static_cast<int>(m.cols()) - 1, qc + window_radius);
    draw->AddRect(ImVec2(origin.x + c0 * cell, origin.y + r0 * cell),
                  ImVec2(origin.x + (c1 + 1) * cell, origin.y + (r1 + 1) * cell), IM_COL32(0, 220, 255, 255), 0, 0,
                  2.5f);
  }
  draw->AddRect(ImVec2(origin.x + qc * cell, origin.y + qr * cell),
                ImVec2(origin.x + (qc + 1) * cell, origin.y + (qr + 1) * cell), IM_COL32(255, 60, 200, 255), 0, 0,
                2.5f);
  return hit;
}

// Everything the current step shows, computed by the core; draw() and state() both read it.
struct CnnView {
  Mat conv_window;     // [H, W]      the kernel around the query cell, zeros elsewhere
  Mat conv_output;     // [H, W]
  Mat conv_matrix;     // [HW, HW]    step 3 only
  GridAttentionResult attention;
  float kernel_range;  // max |kernel|: the colour range of the window maps
  float conv_range;    // max |convolution output|
  Mat attention_map;   // [H, W]      row `query` of the attention weights
  Mat score_map;       // [H, W]      row `query` of the scores
};

class CnnVsAttentionScene : public StepScene {
 public:
  CnnVsAttentionScene() {
    image_ = grid_shape("cross", size_);
    set_steps({{"An image as a grid of tokens", "把图像看作一格格的词", [this] { draw_image_step(); }},
               {"Convolution: a fixed local window", "卷积:固定的局部窗口", [this] { draw_conv_step(compute()); }},
               {"Convolution as fixed attention", "把卷积写成固定的注意力", [this] { draw_matrix_step(compute()); }},
               {"Self-attention over the whole grid", "对整个网格做自注意力", [this] { draw_attention_step(compute()); }},
               {"CNN vs self-attention", "CNN 与自注意力对比", [this] { draw_compare_step(compute()); }}});
  }
  const char* name() const override { return "cnn-vs-attention"; }
  const char* title() const override { return tr("CNN vs self-attention", "CNN 与自注意力"); }

  nlohmann::json state() const override {
    nlohmann::json j;
    try {
      const CnnView v = compute();
      Trace trace;
      trace.name = "cnn-vs-attention";
      record(&trace, "image", "Image", "p").out("image", image_);
      record(&trace, "convolution", "Convolution", "out(r,c) = sum_ab kernel(a,b) image(r+a-1, c+b-1)")
          .in("kernel", kernel_).out("window", v.conv_window).out("convolution", v.conv_output);
      if (step_ == 3) record(&trace, "conv_matrix", "Convolution as a matrix", "vec(out) = A vec(image)").out("A", v.conv_matrix);
      record(&trace, "attention", "Self-attention", "softmax(beta x_t . x_s - alpha |pos_t - pos_s|^2)")
          .out("scores", v.score_map).out("weights", v.attention_map).out("output", v.attention.output);
      j["trace"] = to_json(trace);
    } catch (const Error& e) {
      j["error"] = e.what();
    }
    j["query"] = {query_r_, query_c_};
    j["size"] = size_;
    j["content_gain"] = options_.content_gain;
    j["position_gain"] = options_.position_gain;
    return j;
  }

  nlohmann::json export_inputs() const override {
    return {{"image", share_json(image_)},
            {"kernel", share_json(kernel_)},
            {"query", {query_r_, query_c_}},
            {"content_gain", options_.content_gain},
            {"position_gain", options_.position_gain}};
  }

  std::vector<std::string> import_inputs(const nlohmann::json& inputs) override {
    using Kind = ShareField::Kind;
    // the image is 8x8 or 12x12 cells of 0..1; the kernel 3x3; query = [row, col]
    static const ShareSchema schema{{{"size", 8, 12}, {"three", 3, 3}, {"one", 1, 1}, {"two", 2, 2}},
                                    {{"image", Kind::matrix, 0, 1, 0, 0},
                                     {"kernel", Kind::matrix, -100, 100, 1, 1},
                                     {"query", Kind::matrix, 0, 11, 2, 3},
                                     {"content_gain", Kind::number, 0, 8},
                                     {"position_gain", Kind::number, 0, 5}}};
    nlohmann::json given = inputs;
    if (given.is_object() && given.contains("query")) given["query"] = nlohmann::json::array({given["query"]});
    nlohmann::json defaults = export_inputs();
    defaults["query"] = nlohmann::json::array({defaults["query"]});
    CheckedInputs in = check_share_inputs(given, defaults, schema);
    const Mat image = share_matrix(in.values["image"]);
    if (image.rows() == 8 || image.rows() == 12) {
      image_ = image;
      size_ = static_cast<int>(image.rows());
    } else {
      in.notices.push_back("input 'image' was refused (8x8 or 12x12 cells); kept its default");
    }
    kernel_ = share_matrix(in.values["kernel"]);
    const Mat query = share_matrix(in.values["query"]);
    if (query(0, 0) < size_ && query(0, 1) < size_ && query(0, 0) == std::floor(query(0, 0)) &&
        query(0, 1) == std::floor(query(0, 1))) {
      query_r_ = static_cast<int>(query(0, 0));
      query_c_ = static_cast<int>(query(0, 1));
    } else {
      in.notices.push_back("input 'query' was refused (a cell [row, col] of the image); kept its default");
    }
    query_r_ = std::min(query_r_, size_ - 1);  // the default query of a smaller image: its last cell, as the size buttons do
    query_c_ = std::min(query_c_, size_ - 1);
    options_.content_gain = in.values["content_gain"].get<float>();
    options_.position_gain = in.values["position_gain"].get<float>();
    return in.notices;
  }

 private:
  CnnView compute() const {
    CnnView v;
    v.conv_window = conv2d_window(size_, size_, kernel_, query_r_, query_c_);
    v.conv_output = conv2d_same(image_, kernel_);
    if (step_ == 3) v.conv_matrix = conv2d_as_matrix(size_, size_, kernel_);
    v.kernel_range = std::max(1e-3f, kernel_.cwiseAbs().maxCoeff());
    v.conv_range = std::max(1e-3f, v.conv_output.cwiseAbs().maxCoeff());
    v.attention = grid_self_attention(image_, options_);
    v.attention_map = grid_row_image(v.attention.weights, query(), size_, size_);
    v.score_map = grid_row_image(v.attention.scores, query(), size_, size_);
    return v;
  }

  int query() const { return query_r_ * size_ + query_c_; }

  // pixel size of one cell when `grids` grids share the width
  float cell_size(int grids) const {
    const float avail = ImGui::GetContentRegionAvail().x - em(2.5f) * grids;  // gaps and a scrollbar
    return std::clamp(avail / (grids * size_), em(0.6f), em(1.6f));
  }

  // The image; a click draws (toggles a pixel) or picks the query cell.
  void image_view(float cell, int window_radius) {
    ImGui::BeginGroup();
    ImGui::TextUnformatted(tr("image", "图像"));
    const CellHit hit = grid_view("image", image_, cell, ColorMap::sequential, 0.0f, 1.0f, query_r_, query_c_,
                                  window_radius);
    const bool drawing = drawing_ || step_ == 1;
    if (hit.clicked && !drawing) pick(hit);
    // drawing: the click decides ink or paper (the opposite of the cell clicked), dragging paints it
    if (hit.clicked && drawing) paint_ = image_(hit.row, hit.col) > 0.5f ? 0.0f : 1.0f;
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) paint_ = -1;
    if (drawing && paint_ >= 0 && hit.row >= 0) image_(hit.row, hit.col) = paint_;
    ImGui::EndGroup();
  }

  void pick(const CellHit& hit) {
    query_r_ = hit.row;
    query_c_ = hit.col;
  }

  // A map over the grid beside the previous item (clicking picks the query cell), with a
  // title, a legend and a hover tooltip.
  void map_view(const char* title, const char* id, const Mat& m, float cell, ColorMap map, float lo, float hi,
                int window_radius, const char* hover_format) {
    same_line_if_fits(cell * size_ + em(1));
    ImGui::BeginGroup();
    ImGui::TextUnformatted(title);
    const CellHit hit = grid_view(id, m, cell, map, lo, hi, query_r_, query_c_, window_radius);
    if (hit.clicked) pick(hit);
    colormap_legend(map, lo, hi, cell * m.cols());
    if (hit.row >= 0) {
      ImGui::BeginTooltip();
      ImGui::Text(hover_format, hit.row, hit.col, m(hit.row, hit.col));
      ImGui::EndTooltip();
    }
    ImGui::EndGroup();
  }

  // The convolution's weights for the query cell, laid out on the grid.
  void window_map(const CnnView& v, float cell, const char* title) {
    map_view(title, "window", v.conv_window, cell, ColorMap::diverging, -v.kernel_range, v.kernel_range, 1,
             tr("kernel weight on cell (%d, %d) = %.3f", "格 (%d, %d) 上的卷积核权重 = %.3f"));
  }

  // The query cell's attention weights, laid out on the grid.
  void attention_map(const CnnView& v, float cell, const char* title) {
    map_view(title, "attention", v.attention_map, cell, ColorMap::sequential, 0.0f, v.attention_map.maxCoeff(), 0,
             tr("weight on cell (%d, %d) = %.4f", "对格 (%d, %d) 的权重 = %.4f"));
  }

  void click_mode() {
    ImGui::TextUnformatted(tr("Click a cell to:", "点击格子:"));
    ImGui::SameLine();
    if (ImGui::RadioButton(tr("pick the query cell", "选择查询格"), !drawing_)) drawing_ = false;
    ImGui::SameLine();
    if (ImGui::RadioButton(tr("draw", "画图"), drawing_)) drawing_ = true;
    ImGui::SameLine();
    ImGui::Text("%s (%d, %d)", tr("query cell", "查询格"), query_r_, query_c_);
  }

  void draw_image_step() {
    paragraph(tr("A small black-and-white image. Click or drag over cells to draw. A CNN slides a small kernel over "
                 "it; a vision transformer instead treats every cell (in ViT: every patch) as a token, "
                 "like a word in a sentence, and lets every token attend to every other.",
                 "一张小的黑白图像,点击或拖动鼠标来画。CNN 用一个小卷积核在图上滑动;视觉 Transformer 则把每个格子"
                 "(ViT 中是每个图像块)当作一个词,就像句子里的词一样,让每个词关注所有其他词。"));
    for (int i = 0; i < 5; ++i) {
      if (i > 0) ImGui::SameLine();
      if (ImGui::Button(shape_label(i))) image_ = grid_shape(kShapes[i], size_);
    }
    ImGui::SameLine();
    ImGui::TextUnformatted(tr("size:", "大小:"));
    for (int s : {8, 12}) {
      ImGui::SameLine();
      if (ImGui::RadioButton(s == 8 ? "8x8" : "12x12", size_ == s) && size_ != s) {
        size_ = s;
        image_ = grid_shape("cross", size_);
        query_r_ = std::min(query_r_, size_ - 1);
        query_c_ = std::min(query_c_, size_ - 1);
      }
    }
    image_view(std::min(cell_size(1), em(1.6f)), 0);
  }

  void kernel_controls() {
    for (int i = 0; i < 4; ++i) {
      if (i > 0) ImGui::SameLine();
      if (ImGui::Button(kernel_label(i))) kernel_ = conv2d_kernel(kKernels[i]);
    }
    MatrixViewOptions k;
    k.format.decimals = 2;
    k.show_legend = false;
    matrix_edit(tr("kernel (editable)", "卷积核(可编辑)"), kernel_, k);
  }

  void draw_conv_step(const CnnView& v) {
    paragraph(tr("Convolution: output cell (r, c) = sum of kernel x the 3x3 pixels around (r, c). The "
                 "cell sees only its window (cyan), the same kernel slides over every cell, and the "
                 "weights are fixed once trained, whatever the image shows.",
                 "卷积:输出格 (r, c) = 卷积核与 (r, c) 周围 3x3 像素逐项相乘再求和。这个格子只能看到它的窗口"
                 "(青色框),同一个卷积核滑过每个格子,训练好之后权重固定,与图像内容无关。"));
    click_mode();
    kernel_controls();
    const float cell = cell_size(3);
    image_view(cell, 1);
    window_map(v, cell, tr("weights on the grid", "网格上的权重"));
    map_view(tr("convolution output", "卷积输出"), "conv", v.conv_output, cell, ColorMap::diverging, -v.conv_range, v.conv_range, 1,
             tr("output (%d, %d) = %.3f", "输出 (%d, %d) = %.3f"));
  }

  void draw_matrix_step(const CnnView& v) {
    paragraph(tr("Number the cells 0..HW-1 row by row and the whole convolution is one matrix A: "
                 "vec(out) = A vec(image). Row t of A holds the kernel at the cells of t's window and zeros "
                 "everywhere else. That is an attention matrix, but fixed (not computed from the data), "
                 "local (a band around the diagonal) and the same pattern in every row: a CNN is a "
                 "restricted self-attention.",
                 "把格子按行编号为 0..HW-1,整个卷积就是一个矩阵 A:vec(out) = A vec(image)。A 的第 t 行在 t "
                 "的窗口内的格子上是卷积核,其余全是 0。这就是一个注意力矩阵,只不过它是固定的(不由数据计算)、"
                 "局部的(对角线附近的一条带)、每一行模式都相同:CNN 是一种受限的自注意力。"));
    click_mode();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float side = std::min(avail.x * 0.5f - em(1), std::max(em(10), avail.y - em(4)));
    const float cell = std::clamp((avail.x - side - em(2)) / size_, em(0.6f), em(1.6f));
    ImGui::BeginGroup();
    ImGui::Text("A [%d, %d]  (%s %d)", size_ * size_, size_ * size_, tr("row of the query:", "查询格所在行:"), query());
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    int row = -1, col = -1;
    heatmap("conv_matrix", v.conv_matrix, ImVec2(side, side), ColorMap::diverging, -v.kernel_range, v.kernel_range,
            &row, &col);
    const float per_row = side / static_cast<float>(size_ * size_);
    ImGui::GetWindowDrawList()->AddRect(ImVec2(origin.x, origin.y + query() * per_row),
                                        ImVec2(origin.x + side, origin.y + (query() + 1) * per_row),
                                        IM_COL32(255, 60, 200, 255), 0, 0, 2.0f);
    if (row >= 0) {
      ImGui::BeginTooltip();
      ImGui::Text("A(%d, %d) = %.3f: %s (%d, %d) <- %s (%d, %d)", row, col, v.conv_matrix(row, col),
                  tr("output cell", "输出格"), row / size_, row % size_, tr("input cell", "输入格"), col / size_,
                  col % size_);
      ImGui::EndTooltip();
      if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        query_r_ = row / size_;
        query_c_ = row % size_;
      }
    }
    ImGui::EndGroup();
    window_map(v, cell, tr("row of A on the grid", "A 的这一行放回网格"));
  }

  void gain_sliders() {
    ImGui::SetNextItemWidth(em(9));
    ImGui::SliderFloat(tr("beta: looks like me", "beta:和我相像"), &options_.content_gain, 0.0f, 8.0f, "%.1f");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em(9));
    ImGui::SliderFloat(tr("alpha: is near me", "alpha:离我近"), &options_.position_gain, 0.0f, 5.0f, "%.2f",
                       ImGuiSliderFlags_Logarithmic);
  }

  void draw_attention_step(const CnnView& v) {
    paragraph(tr("Self-attention: every cell is a token x_t = [ink, paper]. The query cell scores every cell "
                 "of the grid, score = beta x_t . x_s (\"looks like me\") - alpha |pos_t - pos_s|^2 (\"is near "
                 "me\"), and a softmax turns the scores into weights over the whole grid. The weights are "
                 "computed from the image: draw on it and they move. Here beta and alpha are set by hand; a "
                 "transformer learns its W_query and W_key from data.",
                 "自注意力:每个格子是一个词 x_t = [墨, 纸]。查询格给网格中每个格子打分,score = beta x_t . x_s"
                 "(\"和我相像\")- alpha |pos_t - pos_s|^2(\"离我近\"),softmax 把分数变成覆盖整个网格的权重。"
                 "权重由图像计算而来:在图上画画,权重就会变化。这里 beta 和 alpha 是手动设置的;Transformer 则从数据中"
                 "学习 W_query 和 W_key。"));
    click_mode();
    gain_sliders();
    const float cell = cell_size(3);
    const float top = v.attention_map.maxCoeff();
    image_view(cell, 0);
    attention_map(v, cell, tr("attention weights of the query", "查询格的注意力权重"));
    map_view(tr("scores of the query", "查询格的分数"), "scores", v.score_map, cell, ColorMap::diverging,
             -options_.content_gain - 1, options_.content_gain + 1, 0,
             tr("score of cell (%d, %d) = %.3f", "格 (%d, %d) 的分数 = %.3f"));
    ImGui::Text("%s %.4f", tr("largest weight:", "最大权重:"), top);
  }

  void draw_compare_step(const CnnView& v) {
    paragraph(tr("The same query cell, two ways. The CNN's weights (left) are a fixed 3x3 window: cheap to "
                 "learn and built in as an assumption (nearby pixels matter). Self-attention's weights "
                 "(right) cover the whole grid and are computed from the data: a more general CNN, which "
                 "has to learn from data what the CNN gets for free. That is why ViT needs more training "
                 "data. Make attention local (large alpha) and it looks like the window.",
                 "同一个查询格,两种方式。CNN 的权重(左)是固定的 3x3 窗口:容易学习,并且把\"附近的像素更重要\"当作"
                 "先验写死在结构里。自注意力的权重(右)覆盖整个网格,由数据计算:它是更一般的 CNN,CNN 免费得到的东西"
                 "它必须从数据中学出来。这就是 ViT 需要更多训练数据的原因。把注意力调成局部的(大 alpha),"
                 "它看起来就像卷积窗口。"));
    click_mode();
    gain_sliders();
    const char* local = tr("Local attention", "局部注意力");
    const char* global = tr("Global attention", "全局注意力");
    same_line_if_fits(ImGui::CalcTextSize(local).x + ImGui::CalcTextSize(global).x + em(3));
    if (ImGui::Button(local)) options_ = {0.0f, 2.0f};
    ImGui::SameLine();
    if (ImGui::Button(global)) options_ = GridAttentionOptions{};
    const float cell = cell_size(3);
    image_view(cell, 1);
    window_map(v, cell, tr("CNN: fixed 3x3 window", "CNN:固定 3x3 窗口"));
    attention_map(v, cell, tr("self-attention: whole grid", "自注意力:整个网格"));
  }

  int size_ = 12;
  Mat image_;
  Mat kernel_ = conv2d_kernel("mean");
  int query_r_ = 6, query_c_ = 6;
  bool drawing_ = false;
  float paint_ = -1;  // the value a drag paints, -1 while the mouse is up
  GridAttentionOptions options_;
};

}  // namespace

std::unique_ptr<Scene> make_cnn_vs_attention_scene() { return std::make_unique<CnnVsAttentionScene>(); }

}  // namespace vp::app
