// Scene 5: input embedding (the article's appendix A). One-hot codes for 秃 头 小 苏, then
// the ids 1..4 through nn.Embedding(5, 3) and (5, 4), the lookup as one_hot x table, and the
// cosine similarity between rows. The math is lessons/embedding_steps.h; this file draws it.
#include <map>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/i18n.h"
#include "app/step_scene.h"
#include "app/widgets/matrix_view.h"
#include "app/widgets/text.h"
#include "lessons/embedding_steps.h"
#include "lessons/share_state.h"

namespace vp::app {

namespace {

const std::vector<std::string>& char_labels() {
  static const std::vector<std::string> tokens = article_embedding_tokens();
  return tokens;
}

// the id of the i-th character
int id_of(int i) { return article_embedding_ids()[i]; }

// "0", "1 秃", "2 头", ...: table rows with the character each id stands for
std::vector<std::string> table_row_labels(int vocab) {
  std::vector<std::string> labels = index_labels(vocab);
  for (size_t i = 0; i < char_labels().size(); ++i) labels[id_of(static_cast<int>(i))] += " " + char_labels()[i];
  return labels;
}

class EmbeddingScene : public StepScene {
  static constexpr int kMinDim = 2, kMaxDim = 8;  // the dimensions d the reader may pick

 public:
  EmbeddingScene() {
    reset_tables();
    set_steps({{"One-hot codes", "独热编码", [this] { draw_one_hot(compute(nullptr)); }},
               {"Embedding(5, 3)", "Embedding(5, 3)", [this] { draw_lookup(compute(nullptr)); }},
               {"Embedding(5, 4)", "Embedding(5, 4)", [this] { draw_lookup(compute(nullptr)); }},
               {"Lookup = one-hot x table", "查表 = 独热 x 表", [this] { draw_product(compute(nullptr)); }},
               {"Similarity between rows", "行之间的相似度", [this] { draw_similarity(compute(nullptr)); }}});
  }
  const char* name() const override { return "embedding"; }
  const char* title() const override { return tr("Embedding", "词嵌入"); }

  nlohmann::json state() const override {
    Trace trace;
    trace.name = "embedding";
    nlohmann::json j;
    try {
      compute(&trace);
    } catch (const Error& e) {
      j["error"] = e.what();
    }
    j["trace"] = to_json(trace);
    j["d"] = shown_dim();
    j["ids"] = article_embedding_ids();
    j["tokens"] = char_labels();
    j["seed"] = seed_;
    return j;
  }

  // The tokens are the article's four characters; what the reader chooses is the seed of the
  // tables, the dimension d of steps 4-5 and the entries typed into the table on screen.
  nlohmann::json export_inputs() const override {
    return {{"seed", seed_}, {"d", dim_}, {"table", share_json(table())}};
  }

  // The table goes to the dimension of its own width (step 3 shows d = 4 whatever d is),
  // after the seed has reset the tables.
  std::vector<std::string> import_inputs(const nlohmann::json& inputs) override {
    using Kind = ShareField::Kind;
    static const ShareSchema schema{{{"ids", 5, 5}, {"d", kMinDim, kMaxDim}},
                                    {{"seed", Kind::integer, 0, 4294967295.0},
                                     {"d", Kind::integer, kMinDim, kMaxDim},
                                     {"table", Kind::matrix, -1000, 1000, 0, 1}}};
    const nlohmann::json defaults = export_inputs();
    CheckedInputs in = check_share_inputs(inputs, defaults, schema);
    if (in.values["seed"] != defaults["seed"]) {
      seed_ = in.values["seed"].get<uint32_t>();
      reset_tables();
    }
    dim_ = in.values["d"];
    if (inputs.is_object() && inputs.contains("table") && in.values["table"] == inputs["table"]) {
      const Mat typed = share_matrix(in.values["table"]);
      tables_[static_cast<int>(typed.cols())] = typed;
    }
    return in.notices;
  }

 private:
  // Steps 2 and 3 are the article's Embedding(5, 3) and (5, 4); steps 4-5 let the reader pick.
  int shown_dim() const { return step_ == 2 ? 3 : step_ == 3 ? 4 : dim_; }
  Mat& table() { return tables_[shown_dim()]; }
  const Mat& table() const { return tables_.at(shown_dim()); }

  EmbeddingSteps compute(Trace* trace) const {
    return embedding_steps(Embedding{table()}, article_embedding_ids(), trace);
  }

  void reset_tables() {
    for (int d = kMinDim; d <= kMaxDim; ++d) tables_[d] = article_embedding(d, seed_).weight;
  }

  void draw_one_hot(const EmbeddingSteps& s) {
    paragraph(tr("Give each of the four characters its own column: 秃 = 1000, 头 = 0100, 小 = 0010, "
                 "苏 = 0001. Two flaws: a code is as long as the vocabulary and almost all zeros "
                 "(sparse: a real vocabulary has tens of thousands of words), and every pair of codes "
                 "is equally far apart (distance sqrt(2), cosine 0), so the code cannot say that two "
                 "words are alike.",
                 "给四个字各分配一列:秃 = 1000,头 = 0100,小 = 0010,苏 = 0001。两个缺点:编码和词表一样长、"
                 "几乎全是 0(稀疏:真实词表有几万个词);任意两个编码的距离都相同(距离 sqrt(2),余弦 0),"
                 "所以编码无法表达两个词相近。"));
    MatrixViewOptions o;
    o.row_labels = char_labels();
    o.col_labels = char_labels();
    o.color_map = ColorMap::sequential;
    o.range_min = 0;
    o.range_max = 1;
    o.format.decimals = 0;
    matrix_view(tr("one-hot codes", "独热编码"), s.one_hot, o);
    MatrixViewOptions dist = o;
    dist.format.decimals = 2;
    dist.range_max = 2;
    dist.explain = [](int r, int c) {
      return std::string(tr("distance between ", "距离:")) + char_labels()[r] + " " + char_labels()[c] +
             (r == c ? " = 0" : " = sqrt(1 + 1) = 1.41");
    };
    matrix_view_beside(tr("distances", "距离"), s.one_hot_distances, dist);
    MatrixViewOptions cos = similarity_options();
    matrix_view_beside(tr("cosine similarity", "余弦相似度"), s.one_hot_similarity, cos);
  }

  void draw_lookup(const EmbeddingSteps& s) {
    const int d = shown_dim();
    formula("embedding = nn.Embedding(5, " + std::to_string(d) + ");  input = torch.IntTensor([[1, 2, 3, 4]])");
    paragraph(step_ == 2
                  ? tr("An embedding layer is a table with one row per id (5 ids: 0..4) and d columns, "
                       "learned in training. The ids 1, 2, 3, 4 stand for 秃 头 小 苏; the layer hands "
                       "out row id of the table, so each character becomes 3 dense numbers. Row 1 is the "
                       "row the article prints, [0.2095, -0.6338, 0.5679]; the other rows were in a lost "
                       "figure, so they are seeded N(0, 1) draws (nn.Embedding's initial values). "
                       "Click a table cell to edit it: the output follows.",
                       "Embedding 层是一张表:每个 id 一行(5 个 id:0..4),d 列,训练时学习。id 1、2、3、4 "
                       "代表 秃 头 小 苏;这一层取出表中第 id 行,于是每个字变成 3 个稠密的数。第 1 行是文章"
                       "给出的 [0.2095, -0.6338, 0.5679];其余行在文章丢失的图里,这里用固定种子的 N(0, 1) "
                       "随机数(nn.Embedding 的初始值)。点击表格中的数可以修改,输出随之改变。")
                  : tr("Change Embedding(5, 3) to Embedding(5, 4): the table gets a fourth column and "
                       "every character becomes a 4-dimensional vector. The dimension is a free choice "
                       "(real models use 512 or more); it does not depend on the vocabulary size.",
                       "把 Embedding(5, 3) 换成 Embedding(5, 4):表多了第 4 列,每个字变成 4 维向量。"
                       "维度可以自由选择(实际模型用 512 或更多),与词表大小无关。"));
    table_buttons();
    MatrixViewOptions t = table_options();
    t.highlight_rows = article_embedding_ids();
    matrix_edit(tr("table (editable)", "表(可编辑)"), table(), t);
    MatrixViewOptions out = table_options();
    out.row_labels = char_labels();
    out.explain = [](int r, int) {
      return std::string(tr("row ", "表的第 ")) + std::to_string(id_of(r)) + tr(" of the table (", " 行(") +
             char_labels()[r] + ")";
    };
    matrix_view_beside(tr("output: rows 1, 2, 3, 4", "输出:第 1、2、3、4 行"), s.lookup, out);
  }

  void draw_product(const EmbeddingSteps& s) {
    paragraph(tr("Looking up row id is the same as multiplying the id's one-hot row by the table: "
                 "the single 1 in column id picks that row, all other rows are multiplied by 0. So an "
                 "embedding layer is a linear layer on one-hot codes, computed without the zeros.",
                 "取第 id 行,等于用这个 id 的独热行向量乘以表:第 id 列上唯一的 1 选出这一行,其余行都乘以 0。"
                 "所以 Embedding 层就是作用在独热编码上的线性层,只是省去了那些 0 的计算。"));
    dim_slider();
    MatrixViewOptions oh;
    oh.row_labels = char_labels();
    oh.col_labels = index_labels(static_cast<int>(table().rows()));
    oh.color_map = ColorMap::sequential;
    oh.range_min = 0;
    oh.range_max = 1;
    oh.format.decimals = 0;
    matrix_view(tr("one_hot(ids, 5)", "one_hot(ids, 5)"), s.one_hot_ids, oh);
    ImGui::SameLine();
    ImGui::TextUnformatted("x");
    MatrixViewOptions t = table_options();
    t.highlight_rows = article_embedding_ids();
    same_line_if_fits(matrix_view_size(table(), t, tr("table (editable)", "表(可编辑)")).x);
    matrix_edit(tr("table (editable)", "表(可编辑)"), table(), t);
    MatrixViewOptions out = table_options();
    out.row_labels = char_labels();
    out.explain = [](int r, int c) {
      const std::string id = std::to_string(id_of(r));
      return "sum_v one_hot(" + id + ")_v table(v, " + std::to_string(c) + ") = table(" + id + ", " +
             std::to_string(c) + ")";
    };
    matrix_view_beside(tr("= one_hot x table", "= one_hot x 表"), s.via_one_hot, out);
    matrix_view_beside(tr("lookup (step 2)", "查表(第 2 步)"), s.lookup, out);
    const bool equal = s.via_one_hot == s.lookup;
    ImGui::TextColored(equal ? ImVec4(0.5f, 0.9f, 0.5f, 1) : ImVec4(1, 0.6f, 0.3f, 1), "%s",
                       equal ? tr("one_hot x table == lookup, entry for entry", "one_hot x 表 == 查表结果,逐项相等")
                             : tr("one_hot x table differs from the lookup by rounding", "one_hot x 表与查表结果只差舍入误差"));
  }

  void draw_similarity(const EmbeddingSteps& s) {
    paragraph(tr("How alike are two characters? cos(a, b) = a . b / (|a| |b|): 1 = same direction, "
                 "0 = unrelated, -1 = opposite. One-hot codes give the identity: every pair is "
                 "unrelated. Embedding rows give varied numbers; training moves the rows so that "
                 "words used alike end up close. Edit the table (steps 2-4) and watch the grid change.",
                 "两个字有多像?cos(a, b) = a . b / (|a| |b|):1 = 方向相同,0 = 无关,-1 = 相反。"
                 "独热编码得到单位矩阵:任意两个字都\"无关\"。Embedding 的行给出各不相同的数;训练会移动这些行,"
                 "让用法相近的词彼此靠近。修改表(第 2-4 步),看相似度如何变化。"));
    dim_slider();
    MatrixViewOptions cos = similarity_options();
    matrix_view(tr("one-hot: cosine", "独热:余弦"), s.one_hot_similarity, cos);
    ImGui::PushID("embedded");
    matrix_view_beside(tr("embedding: cosine", "嵌入:余弦"), s.similarity, cos);
    MatrixViewOptions dist;
    dist.row_labels = char_labels();
    dist.col_labels = char_labels();
    dist.color_map = ColorMap::sequential;
    matrix_view_beside(tr("embedding: distances", "嵌入:距离"), s.distances, dist);
    ImGui::PopID();
  }

  MatrixViewOptions similarity_options() const {
    MatrixViewOptions o;
    o.row_labels = char_labels();
    o.col_labels = char_labels();
    o.range_min = -1;
    o.range_max = 1;
    o.explain = [](int r, int c) {
      return std::string("cos(") + char_labels()[r] + ", " + char_labels()[c] + ") = a . b / (|a| |b|)";
    };
    return o;
  }

  MatrixViewOptions table_options() const {
    MatrixViewOptions o;
    o.row_labels = table_row_labels(static_cast<int>(table().rows()));
    o.col_labels = index_labels(shown_dim());
    o.format.decimals = 4;
    o.range_min = -3;
    o.range_max = 3;
    return o;
  }

  void dim_slider() {
    ImGui::SetNextItemWidth(160.0f * ImGui::GetFontSize() / 16.0f);
    ImGui::SliderInt(tr("embedding dim d", "嵌入维度 d"), &dim_, kMinDim, kMaxDim);
    ImGui::SameLine();
    table_buttons();
  }

  void table_buttons() {
    if (ImGui::Button(tr("New random table", "重新随机"))) {
      ++seed_;
      reset_tables();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("Reset table", "重置表"))) {
      seed_ = 1;
      reset_tables();
    }
  }

  std::map<int, Mat> tables_;  // d -> [5, d], edited in place by the matrix view
  uint32_t seed_ = 1;
  int dim_ = 3;
};

}  // namespace

std::unique_ptr<Scene> make_embedding_scene() { return std::make_unique<EmbeddingScene>(); }

}  // namespace vp::app
