// Scene 4: the decoder (the article's section 5): the causal mask, masked self-attention,
// cross-attention over the encoder output, Linear + Softmax over a small vocabulary, and
// training (teacher forcing: all positions at once) versus inference (greedy: one token at a
// time, fed back in). Two models compute it:
//   numbers   the trained numbers-translator (models/numbers-translator.*): English number
//             words -> Chinese numerals, e.g. "twenty three" -> 二十三
//   example   the article's "I Love China" -> "我爱中国" on the core's toy transformer, with
//             seeded, untrained weights (the screen says so)
#include <algorithm>
#include <cstdio>
#include <memory>

#include <imgui.h>

#include "app/i18n.h"
#include "app/step_scene.h"
#include "app/widgets/explain.h"
#include "app/widgets/item_rects.h"
#include "app/widgets/matrix_view.h"
#include "app/widgets/seed_control.h"
#include "app/widgets/text.h"
#include "app/widgets/trace_matrix.h"
#include "app/widgets/vocabulary.h"
#include "nn/random_init.h"
#include "lessons/share_state.h"
#include "nn/softmax.h"
#include "models/toy_transformer.h"
#include "train/translator_training.h"
#include "platform/data_paths.h"

namespace vp::app {

namespace {


enum class Mode { numbers, example };

// One greedy pass: what the decoder read, its probabilities (one row per position read; only
// the last is new) and, for the trained model, the pass's trace (its attention maps).
struct Pass {
  std::vector<int> input_ids;
  Mat probabilities;
  int next_id = 0;
  Trace trace;
};

class DecoderScene : public StepScene {
  static constexpr int kMaxWords = 6;
  static constexpr NumberFormat kComputed{2, false, false};

 public:
  DecoderScene()
      : source_vocab_(toy_source_vocabulary()),
        target_vocab_(toy_target_vocabulary()),
        english_vocab_(english_number_vocabulary()),
        chinese_vocab_(chinese_numeral_vocabulary()),
        random_(7) {
    try {
      translator_ = std::make_unique<Translator>(load_translator(platform::models_dir() + "/" + kNumbersTranslator));
    } catch (const Error& e) {
      model_error_ = e.what();
    }
    if (!translator_) mode_ = Mode::example;  // the article's example needs no file
    recompute();
    set_steps({{"Source and target", "源句与目标句", [this] { draw_task(); }},
               {"Causal mask", "因果掩码", [this] { draw_mask(); }},
               {"Masked self-attention", "带掩码的自注意力", [this] { draw_self_attention(); }},
               {"Cross-attention", "交叉注意力", [this] { draw_cross_attention(); }},
               {"Linear + Softmax", "线性层 + Softmax", [this] { draw_generator(); }},
               {"Training: in parallel", "训练：并行", [this] { draw_training(); }},
               {"Inference: word by word", "推理：逐词生成", [this] { draw_inference(); }}});
  }
  const char* name() const override { return "decoder"; }
  const char* title() const override { return tr("Decoder", "解码器"); }

  nlohmann::json state() const override {
    nlohmann::json passes = nlohmann::json::array();
    for (const Pass& g : passes_)
      passes.push_back({{"input_ids", g.input_ids}, {"next_id", g.next_id}, {"next_word", word(g.next_id)},
                        {"probabilities", to_json(g.probabilities)}});
    nlohmann::json j = {{"mode", numbers() ? "numbers" : "example"},
                        {"inputs",
                         {{"source", source_tokens_},
                          {"target_input", labels(target_in_)},
                          {"target_input_ids", target_in_},
                          {"target_output_ids", target_out_}}},
                        {"training_predictions", predictions_},
                        {"teacher_forced", joined(predictions_, true)},
                        {"inference", passes},
                        {"inference_shown", inference_shown_},
                        {"translation", translation()},
                        {"layer", layer_ + 1},
                        {"untrained", !numbers()},
                        {"model_error", model_error_},
                        {"error", error_}};
    if (numbers()) {
      j["inputs"]["english"] = english_;
      j["number"] = number_;
      j["held_out"] = is_held_out_number(number_);
      j["reference"] = chinese_numeral(number_);
      j["cross_attention"] = head_weights_json("decoder.layers." + std::to_string(layer_) + ".multihead_attn");
      j["self_attention"] = head_weights_json("decoder.layers." + std::to_string(layer_) + ".self_attn");
    } else {
      j["inputs"]["seed"] = config_.seed;
      j["trace"] = to_json(trace_);
    }
    return j;
  }

  // The model and what it reads (the trained translator's English words, or the example's
  // sentences and seed), the decoder layer shown and how far greedy decoding has gone.
  nlohmann::json export_inputs() const override {
    nlohmann::json j = {{"mode", numbers() ? "numbers" : "example"}, {"layer", layer_ + 1}, {"pass", inference_shown_}};
    if (numbers()) {
      j["english"] = english_;
    } else {
      j["source"] = source_;
      j["target"] = target_;
      j["seed"] = config_.seed;
    }
    return j;
  }

  std::vector<std::string> import_inputs(const nlohmann::json& inputs) override {
    using Kind = ShareField::Kind;
    static const ShareSchema schema{{},
                                    {{"mode", Kind::choice, 0, 0, -1, -1, {"numbers", "example"}},
                                     {"english", Kind::text, 0, sizeof(english_) - 1},
                                     {"source", Kind::text, 0, sizeof(source_) - 1},
                                     {"target", Kind::text, 0, sizeof(target_) - 1},
                                     {"seed", Kind::integer, 0, 4294967295.0},
                                     {"layer", Kind::integer, 1, 6},
                                     {"pass", Kind::integer, 1, 16}}};
    nlohmann::json defaults = export_inputs();  // both models' fields: either may be given
    defaults.update({{"english", english_}, {"source", source_}, {"target", target_}, {"seed", config_.seed}});
    CheckedInputs in = check_share_inputs(inputs, defaults, schema);
    const Mode mode = in.values["mode"] == "numbers" ? Mode::numbers : Mode::example;
    if (mode == Mode::numbers && !translator_)
      in.notices.push_back(share_refusal("mode", "the trained translator is not loaded"));
    else mode_ = mode;
    copy_text(english_, in.values["english"]);
    copy_text(source_, in.values["source"]);
    copy_text(target_, in.values["target"]);
    config_.seed = in.values["seed"].get<uint32_t>();
    const bool read_anew = in.values["mode"] != defaults["mode"] || in.values["english"] != defaults["english"] ||
                           in.values["source"] != defaults["source"] || in.values["target"] != defaults["target"] ||
                           in.values["seed"] != defaults["seed"];
    recompute();
    if (read_anew && !error_.empty()) {  // words the model cannot read: back to what was on screen
      in.notices.push_back(share_refusal(in.values["mode"] == "numbers" ? "english" : "source", error_));
      mode_ = defaults["mode"] == "numbers" ? Mode::numbers : Mode::example;
      copy_text(english_, defaults["english"]);
      copy_text(source_, defaults["source"]);
      copy_text(target_, defaults["target"]);
      config_.seed = defaults["seed"].get<uint32_t>();
      recompute();
    }
    // the layer and the greedy pass are checked against what this input gives
    const int layer = in.values["layer"], pass = in.values["pass"];
    const int passes = std::max<int>(1, static_cast<int>(passes_.size()));
    if (layer <= num_layers()) layer_ = layer - 1;
    else in.notices.push_back(share_refusal("layer", std::to_string(layer) + " of " + std::to_string(num_layers()) + " layers"));
    if (pass <= passes) inference_shown_ = pass;
    else in.notices.push_back(share_refusal("pass", std::to_string(pass) + " of " + std::to_string(passes) + " greedy passes"));
    return in.notices;
  }

 private:
  const char* heading_text() const override {
    return numbers() ? tr("The decoder: a trained translator writes Chinese numerals", "解码器：训练好的翻译模型写出中文数字")
                     : tr("The decoder: translating \"I Love China\" into \"我爱中国\"", "解码器：把 “I Love China” 翻译成 “我爱中国”");
  }

  void draw_preamble() override {
    paragraph(tr("The decoder writes the translation word by word. Each position may only look at the words "
                 "before it (masked self-attention) and at the whole source sentence (attention over the "
                 "encoder's output), then a Linear layer and a softmax score every word of the vocabulary.",
                 "解码器逐词写出译文。每个位置只能看它之前的词（带掩码的自注意力），以及整个源句子（对编码器输出"
                 "的注意力），最后由线性层和 softmax 给词表中的每个词打分。"));
    draw_options();
    ImGui::Separator();
    if (!error_.empty()) error_text(error_);
    draw_step_heading();
    if (step_ == 3 || step_ == 4 || step_ == 7) draw_layer_choice();
  }

  bool numbers() const { return mode_ == Mode::numbers; }
  template <size_t N>
  static void copy_text(char (&buffer)[N], const nlohmann::json& text) {
    std::snprintf(buffer, N, "%s", text.get<std::string>().c_str());
  }
  // N, the same for the encoder and the decoder in both models
  int num_layers() const { return numbers() && translator_ ? translator_->config.num_layers : config_.num_layers; }
  const std::vector<std::string>& target_words() const {
    return numbers() ? chinese_vocab_.words : target_vocab_.words;
  }
  std::string word(int id) const {
    const auto& words = target_words();
    return id >= 0 && id < static_cast<int>(words.size()) ? words[id] : "?";
  }
  // "<s> 我 爱": what the decoder has read at position i
  std::string read_up_to(size_t i) const {
    std::string read;
    for (size_t j = 0; j <= i && j < target_in_.size(); ++j) read += word(target_in_[j]) + " ";
    return read;
  }
  std::vector<std::string> labels(const std::vector<int>& ids) const {
    std::vector<std::string> out;
    for (int id : ids) out.push_back(word(id));
    return out;
  }
  // the tokens run together (Chinese needs no spaces), up to </s> when `until_end`
  std::string joined(const std::vector<int>& ids, bool until_end) const {
    std::string text;
    for (int id : ids) {
      if (until_end && id == kEndId) break;
      text += word(id);
    }
    return text;
  }
  // the greedy translation: every token written before </s>
  std::string translation() const {
    std::vector<int> written;
    for (const Pass& p : passes_) written.push_back(p.next_id);
    return numbers() ? joined(written, true) : "";
  }
  nlohmann::json head_weights_json(const std::string& prefix) const {
    nlohmann::json heads = nlohmann::json::array();
    for (int h = 1; trace_.find_step(prefix + ".head" + std::to_string(h) + ".softmax"); ++h)
      heads.push_back(to_json(trace_matrix(trace_, prefix + ".head" + std::to_string(h) + ".softmax", "weights")));
    return heads;
  }

  void draw_options() {
    if (ImGui::RadioButton(tr("Numbers: the trained translator", "数字：训练好的翻译模型"), numbers()) && !numbers()) {
      mode_ = Mode::numbers;
      recompute();
    }
    ImGui::SameLine();
    if (ImGui::RadioButton(tr("The article's example (untrained)", "文章的例子（未训练）"), !numbers()) && numbers()) {
      mode_ = Mode::example;
      recompute();
    }
    if (numbers()) draw_number_options();
    else draw_example_options();
  }

  void draw_number_options() {
    if (!translator_) {
      error_text(std::string(tr("The trained translator could not be loaded: ", "无法加载训练好的翻译模型：")) + model_error_);
      return;
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("English:", "英文："));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18);
    if (ImGui::InputText("##english", english_, sizeof(english_))) recompute();
    if (ImGui::IsItemHovered()) {
      std::string known;
      for (size_t i = kEndId + 1; i < english_vocab_.words.size(); ++i) known += english_vocab_.words[i] + " ";
      ImGui::SetTooltip("%s\n%s", tr("Number words from zero to nine thousand nine hundred ninety nine:", "从 zero 到 nine thousand nine hundred ninety nine 的英文数字："),
                        known.c_str());
    }
    same_line_if_fits(ImGui::GetFontSize() * 16);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ImGui::SliderInt("##number", &number_, 0, kMaxNumber)) set_number(number_);
    note_item_rect("slider", "number");
    ImGui::SameLine();
    if (ImGui::Button(tr("Random", "随机"))) set_number(random_.integer(0, kMaxNumber));
    ImGui::TextDisabled(is_held_out_number(number_)
                            ? tr("%d is held out: the model never saw it in training (n %% 7 = 3).", "%d 属于留出集：训练时模型从未见过它（n %% 7 = 3）。")
                            : tr("%d was among the training numbers.", "%d 在训练数据中出现过。"),
                        number_);
  }

  void draw_example_options() {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("English:", "英文："));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    if (ImGui::InputText("##source", source_, sizeof(source_))) recompute();
    vocabulary_tooltip(source_vocab_);
    ImGui::SameLine();
    ImGui::TextUnformatted(tr("Chinese:", "中文："));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    if (ImGui::InputText("##target", target_, sizeof(target_))) recompute();
    vocabulary_tooltip(target_vocab_);
    same_line_if_fits(ImGui::GetFontSize() * 12);
    if (seed_control(config_.seed)) recompute();
    note(tr("Untrained weights: the predictions are not meaningful yet. The weights are fixed numbers from a "
            "seeded generator; what matters here is which word sees which, and what is computed when.",
            "权重未经训练：预测结果还没有意义。权重是由固定种子生成的数；这里要看的是哪个词能看到哪个词，"
            "以及什么时候算什么。"));
    unknown_words_note(unknown_);
  }

  void draw_layer_choice() {
    if (num_layers() < 2) return;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("Decoder layer:", "解码器层："));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    int shown = layer_ + 1;
    if (ImGui::SliderInt("##layer", &shown, 1, num_layers())) layer_ = shown - 1;
  }

  void set_number(int n) {
    number_ = n;
    std::snprintf(english_, sizeof(english_), "%s", english_number_words(n).c_str());
    recompute();
  }

  void recompute() {
    layer_ = std::min(layer_, num_layers() - 1);
    try {
      if (numbers()) recompute_numbers();
      else recompute_example();
      inference_shown_ = std::clamp<int>(inference_shown_, 1, std::max<int>(1, static_cast<int>(passes_.size())));
      error_.clear();
    } catch (const Error& e) {
      error_ = e.what();  // what was on screen stays
    }
  }

  // The trained translator on the typed words: one teacher-forced pass with the reference
  // numeral, and greedy decoding with each pass's trace.
  void recompute_numbers() {
    if (!translator_) throw Error(tr("no trained translator loaded", "没有加载训练好的翻译模型"));
    const std::vector<std::string> tokens = english_tokens(english_);
    const int n = parse_english_number(tokens);  // throws with the reason for bad input
    const TranslationPair pair = number_pair(n);
    Trace t;
    t.name = "decoder";
    const Mat logits = translator_forward(*translator_, pair.source, pair.target_in, &t);
    const Mat memory = translator_encode(*translator_, pair.source);
    std::vector<Pass> passes;
    for (const GreedyPass& g : translator_greedy(*translator_, pair.source, kStartId, kEndId, 12).passes) {
      Pass p{g.input_ids, Mat(), g.next_id, Trace()};
      p.probabilities = softmax_rows(translator_decode(*translator_, memory, g.input_ids, &p.trace));
      passes.push_back(std::move(p));
    }
    number_ = n;
    source_tokens_ = tokens;
    target_in_ = pair.target_in;
    target_out_ = pair.target_out;
    predictions_ = argmax_rows(logits);
    passes_ = std::move(passes);
    trace_ = std::move(t);
    unknown_.clear();
  }

  void recompute_example() {
    std::vector<std::string> source_tokens = split_words(source_);
    std::vector<std::string> target_tokens = split_characters(target_);
    if (static_cast<int>(source_tokens.size()) > kMaxWords) source_tokens.resize(kMaxWords);
    if (static_cast<int>(target_tokens.size()) > kMaxWords) target_tokens.resize(kMaxWords);
    unknown_ = unknown_words(source_vocab_, source_tokens);
    for (const auto& w : unknown_words(target_vocab_, target_tokens)) unknown_.push_back(w);
    if (source_tokens.empty()) throw Error(tr("Type at least one English word.", "请至少输入一个英文词。"));
    const std::vector<int> source_ids = source_vocab_.ids(source_tokens);
    const std::vector<int> target_ids = target_vocab_.ids(target_tokens);
    // shifted right: the decoder reads <s> w1 .. wn and must predict w1 .. wn </s>
    const int start = target_vocab_.id("<s>"), end = target_vocab_.id("</s>");
    std::vector<int> target_in = {start}, target_out = target_ids;
    target_in.insert(target_in.end(), target_ids.begin(), target_ids.end());
    target_out.push_back(end);
    const Translator model = toy_transformer(config_, static_cast<int>(source_vocab_.words.size()),
                                             static_cast<int>(target_vocab_.words.size()));
    Trace t;
    t.name = "decoder";
    const Mat memory = translator_encode(model, source_ids, &t);
    const Mat probs = softmax_rows(translator_decode(model, memory, target_in, &t));
    std::vector<Pass> passes;
    const int max_len = static_cast<int>(target_out.size()) + 2;
    for (const GreedyPass& g : translator_greedy(model, source_ids, start, end, max_len).passes)
      passes.push_back({g.input_ids, softmax_rows(translator_decode(model, memory, g.input_ids)), g.next_id, Trace()});
    source_tokens_ = source_tokens;
    target_in_ = target_in;
    target_out_ = target_out;
    predictions_ = argmax_rows(probs);
    passes_ = std::move(passes);
    trace_ = std::move(t);
  }

  MatrixViewOptions target_rows() const {
    MatrixViewOptions o;
    o.row_labels = labels(target_in_);
    o.format = kComputed;
    return o;
  }

  // a row of words in boxes, e.g. the decoder's input
  static void word_row(const char* caption, const std::vector<std::string>& words, ImU32 fill) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(caption);
    for (const auto& w : words) {
      ImGui::SameLine();
      ImGui::PushStyleColor(ImGuiCol_Button, fill);
      ImGui::PushStyleColor(ImGuiCol_ButtonHovered, fill);
      ImGui::PushStyleColor(ImGuiCol_ButtonActive, fill);
      ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(20, 20, 24, 255));
      ImGui::SmallButton(w.c_str());
      ImGui::PopStyleColor(4);
    }
  }

  // One row per decoder position: what it has read, what it should predict and, with
  // predictions, what the model predicts in the training (teacher-forced) pass.
  void positions_table(bool with_predictions) {
    if (!ImGui::BeginTable("positions", with_predictions ? 4 : 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit))
      return;
    ImGui::TableSetupColumn(tr("position", "位置"));
    ImGui::TableSetupColumn(tr("the decoder has read", "解码器已读入"));
    ImGui::TableSetupColumn(tr("and must predict", "需要预测"));
    if (with_predictions)
      ImGui::TableSetupColumn(numbers() ? tr("predicts (trained)", "预测（已训练）") : tr("predicts (untrained)", "预测（未训练）"));
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < target_in_.size() && i < target_out_.size(); ++i) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d", static_cast<int>(i + 1));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(read_up_to(i).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(word(target_out_[i]).c_str());
      if (!with_predictions || i >= predictions_.size()) continue;
      ImGui::TableNextColumn();
      const bool right = predictions_[i] == target_out_[i];
      ImGui::TextColored(right ? ImVec4(0.5f, 0.9f, 0.5f, 1) : ImVec4(1, 0.55f, 0.5f, 1), "%s  (%s)",
                         word(predictions_[i]).c_str(), right ? tr("right", "对") : tr("wrong", "错"));
    }
    ImGui::EndTable();
  }

  void draw_task() {
    paragraph(tr("The encoder reads the English sentence once. The decoder reads the Chinese sentence shifted "
                 "right by one, starting with <s>, and at every position must predict the next word; </s> "
                 "ends the sentence. Edit the input above.",
                 "编码器把英文句子读一遍。解码器读入右移一位、以 <s> 开头的中文句子，在每个位置预测下一个词；"
                 "</s> 表示句子结束。可以在上方修改输入。"));
    const ImU32 source = IM_COL32(250, 214, 165, 255), input = IM_COL32(150, 200, 250, 255),
                output = IM_COL32(170, 230, 170, 255);
    word_row(tr("Encoder input (English):", "编码器输入（英文）："), source_tokens_, source);
    word_row(tr("Decoder input (shifted right):", "解码器输入（右移一位）："), labels(target_in_), input);
    word_row(tr("Should predict (next word):", "应预测（下一个词）："), labels(target_out_), output);
    ImGui::Spacing();
    positions_table(false);
  }

  void draw_mask() {
    paragraph(tr("During training the decoder sees the whole target sentence, so it must be stopped from "
                 "peeking at the words it is supposed to predict. The mask M is added to the scores: 0 where "
                 "row i may look at column j (j <= i), -inf above the diagonal, which softmax turns into a "
                 "weight of exactly 0. Word 1 sees only word 1, word 2 sees words 1 and 2, ...",
                 "训练时解码器能看到整个目标句子，所以必须阻止它偷看要预测的词。掩码 M 加到分数上：第 i 行可以看第 "
                 "j 列（j ≤ i）的位置为 0，对角线以上为 -inf，softmax 会把它变成恰好为 0 的权重。第 1 个词只能看到"
                 "第 1 个词，第 2 个词能看到第 1、2 个词，……"));
    formula("M_ij = 0 if j <= i, -inf if j > i");
    MatrixViewOptions o = target_rows();
    o.col_labels = labels(target_in_);
    o.show_legend = false;
    o.format = {0, false, false};  // 0 or -inf, nothing in between
    o.range_min = -1;
    o.range_max = 1;
    const std::vector<std::string> words = labels(target_in_);
    o.explain = [words](int i, int j) {
      char text[256];
      if (j <= i)
        std::snprintf(text, sizeof(text), tr("'%s' may look at '%s' (not in its future).", "“%s”可以看“%s”（不在它之后）。"),
                      words[i].c_str(), words[j].c_str());
      else
        std::snprintf(text, sizeof(text), tr("'%s' must not see '%s': it comes later.", "“%s”不能看“%s”：它在后面。"),
                      words[i].c_str(), words[j].c_str());
      return std::string(text);
    };
    matrix_view(tr("mask M (row sees column)", "掩码 M（行能看到列）"), trace_matrix(trace_, "decoder.causal_mask", "M"), o);
  }

  std::string layer_id(const std::string& rest) const { return "decoder.layers." + std::to_string(layer_) + "." + rest; }

  static void axis_caption() {
    ImGui::TextDisabled("%s", tr("Rows: Chinese characters read so far (queries). Columns: English words (keys and values).",
                                 "行：已读入的中文字符（查询）。列：英文单词（键和值）。"));
  }

  // Each head's attention weights of one attention block, side by side.
  void per_head_weights(const Trace& trace, const std::string& prefix, const std::vector<std::string>& rows,
                        const std::vector<std::string>& cols) {
    for (int h = 1;; ++h) {
      const std::string step = prefix + ".head" + std::to_string(h) + ".softmax";
      if (!trace.find_step(step)) break;
      MatrixViewOptions o;
      o.format = kComputed;
      o.row_labels = rows;
      o.col_labels = cols;
      o.color_map = ColorMap::sequential;
      o.range_min = 0;
      o.range_max = 1;
      const std::string title = tr("weights, head ", "权重，头 ") + std::to_string(h);
      const Mat& w = trace_matrix(trace, step, "weights");
      if (h > 1) same_line_if_fits(matrix_view_size(w, o, title.c_str()).x);
      ImGui::PushID(prefix.c_str());
      matrix_view(title.c_str(), w, o);
      ImGui::PopID();
    }
  }

  void draw_self_attention() {
    paragraph(tr("The decoder's self-attention with the mask added: every weight above the diagonal is 0, so "
                 "each word's output depends only on the words up to it. That is what makes training in "
                 "parallel honest.",
                 "加上掩码后的解码器自注意力：对角线以上的权重全是 0，所以每个词的输出只依赖它自己和它之前的词。"
                 "正因如此，并行训练才不会“作弊”。"));
    formula("softmax(Q K^T / √d_k + M) V");
    MatrixViewOptions so = target_rows();
    so.col_labels = labels(target_in_);
    matrix_view(tr("masked scores, head 1", "加掩码的分数，头 1"),
                trace_matrix(trace_, layer_id("self_attn.head1.mask"), "masked scores"), so);
    same_line_if_fits(ImGui::GetFontSize() * 14);
    per_head_weights(trace_, layer_id("self_attn"), labels(target_in_), labels(target_in_));
  }

  void draw_cross_attention() {
    paragraph(tr("Now the queries come from the Chinese words (the decoder) and the keys and values from the "
                 "English words (the encoder's output, also called memory). Each row says how much a Chinese "
                 "position draws on each English word. No mask: the whole source is known.",
                 "这里的查询来自中文词（解码器），键和值来自英文词（编码器的输出，也叫 memory）。每一行表示一个"
                 "中文位置从每个英文词中取用多少信息。这里不加掩码：整个源句子都是已知的。"));
    formula("softmax(Q_decoder K_encoder^T / √d_k) V_encoder");
    axis_caption();
    per_head_weights(trace_, layer_id("multihead_attn"), labels(target_in_), source_tokens_);
    // the keys and values: wide for the trained model (d = 32), so below the maps
    MatrixViewOptions mo;
    mo.row_labels = source_tokens_;
    mo.format = kComputed;
    // post-norm in both models: the encoder's last step is its last layer's Add & Norm
    const std::string last_encoder_step = "encoder.layers." + std::to_string(num_layers() - 1) + ".ffn_add_norm";
    matrix_view(tr("encoder output (memory)", "编码器输出（memory）"), trace_matrix(trace_, last_encoder_step, "output"), mo);
  }

  MatrixViewOptions vocabulary_cols(const std::vector<int>& chosen_per_row) const {
    MatrixViewOptions o = target_rows();
    o.col_labels = target_words();
    o.color_map = ColorMap::sequential;
    o.range_min = 0;
    o.range_max = 1;
    for (size_t i = 0; i < chosen_per_row.size(); ++i) o.highlight_cells.push_back({static_cast<int>(i), chosen_per_row[i]});
    return o;
  }

  void draw_generator() {
    paragraph(tr("A Linear layer turns each position's vector into one score per vocabulary word, and softmax "
                 "turns the scores into probabilities. The outlined cell of each row is the most probable "
                 "word: the prediction.",
                 "线性层把每个位置的向量变成词表中每个词的一个分数，softmax 再把分数变成概率。每行中加框的"
                 "单元格是概率最大的词，也就是预测结果。"));
    formula("softmax(h W^T + b)");
    const Mat& p = trace_matrix(trace_, "probabilities", "probabilities");
    MatrixViewOptions o = vocabulary_cols(predictions_);
    const Mat* probs = &p;
    const std::vector<std::string> words = target_words();
    o.explain = [probs, words](int i, int j) {
      char text[160];
      std::snprintf(text, sizeof(text), tr("P(next word = %s) = %s", "P(下一个词 = %s) = %s"), words[j].c_str(),
                    short_number((*probs)(i, j)).c_str());
      return std::string(text);
    };
    matrix_view(tr("probabilities", "概率"), p, o);
    untrained_note();
  }

  void draw_training() {
    paragraph(tr("Training feeds the whole shifted target at once. Thanks to the mask, all positions are "
                 "predicted in ONE forward pass, in parallel: row i predicts word i+1 from words 1..i. The "
                 "loss compares every row with the word it should predict (teacher forcing: the correct "
                 "previous words are given, whatever the model predicted).",
                 "训练时一次输入整个右移后的目标句子。有了掩码，所有位置在一次前向计算中并行得到预测："
                 "第 i 行根据第 1..i 个词预测第 i+1 个词。损失函数把每一行与它应预测的词比较（teacher forcing："
                 "不管模型预测了什么，都给它正确的前文）。"));
    positions_table(true);
    untrained_note();
    if (numbers()) compare_with_greedy();
    const Mat& p = trace_matrix(trace_, "probabilities", "probabilities");
    matrix_view(tr("all rows from one forward pass", "一次前向计算得到的所有行"), p, vocabulary_cols(target_out_));
    ImGui::TextDisabled("%s", tr("Outlined: the word each row should predict.", "加框的是每行应预测的词。"));
  }

  void untrained_note() const {
    if (!numbers()) note(tr("Untrained weights: the predictions are not meaningful yet.", "权重未经训练：预测结果还没有意义。"));
  }

  // Teacher forcing reads the reference characters; greedy decoding reads its own.
  void compare_with_greedy() const {
    const std::string reference = joined(target_out_, true), forced = joined(predictions_, true), greedy = translation();
    ImGui::Text(tr("Reference: %s", "参考答案：%s"), reference.c_str());
    ImGui::Text(tr("Teacher-forced predictions: %s", "teacher forcing 的预测：%s"), forced.c_str());
    ImGui::Text(tr("Greedy translation (step 7): %s", "贪心解码的译文（第 7 步）：%s"), greedy.c_str());
  }

  void draw_inference() {
    paragraph(tr("At test time the target is unknown. The decoder starts from <s>, predicts one word, appends "
                 "it to its input and runs again, until it writes </s>. Each word needs a whole new pass: this "
                 "part cannot be parallel.",
                 "测试时目标句子是未知的。解码器从 <s> 开始，预测一个词，把它接到输入后面再运行一次，直到写出 "
                 "</s>。每个词都需要重新计算一遍：这一部分无法并行。"));
    if (passes_.empty()) return;
    const int count = static_cast<int>(passes_.size());
    ImGui::BeginDisabled(inference_shown_ >= count);
    if (ImGui::Button(tr("Generate the next word", "生成下一个词"))) ++inference_shown_;
    ImGui::SameLine();
    if (ImGui::Button(tr("Run to the end", "一直生成到结束"))) inference_shown_ = count;
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(tr("Start again", "重新开始"))) inference_shown_ = 1;
    ImGui::SameLine();
    ImGui::Text(tr("pass %d of %d", "第 %d 次，共 %d 次"), inference_shown_, count);

    for (int t = 0; t < inference_shown_; ++t) {
      const Pass& g = passes_[t];
      char caption[96];
      std::snprintf(caption, sizeof(caption), tr("Pass %d reads:", "第 %d 次读入："), t + 1);
      word_row(caption, labels(g.input_ids), IM_COL32(150, 200, 250, 255));
      ImGui::SameLine();
      ImGui::TextUnformatted("→");
      ImGui::SameLine();
      ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(170, 230, 170, 255));
      ImGui::TextUnformatted(word(g.next_id).c_str());
      ImGui::PopStyleColor();
    }
    if (numbers() && inference_shown_ == count) {
      const bool right = translation() == joined(target_out_, true);
      ImGui::TextColored(right ? ImVec4(0.5f, 0.9f, 0.5f, 1) : ImVec4(1, 0.55f, 0.5f, 1),
                         tr("Translation: %s  (%s)", "译文：%s（%s）"), translation().c_str(),
                         right ? tr("matches the reference", "与参考答案一致") : tr("differs from the reference", "与参考答案不同"));
    }
    const Pass& last = passes_[inference_shown_ - 1];
    const int last_row = static_cast<int>(last.probabilities.rows()) - 1;
    MatrixViewOptions o;
    o.row_labels = labels(last.input_ids);
    o.col_labels = target_words();
    o.color_map = ColorMap::sequential;
    o.range_min = 0;
    o.range_max = 1;
    o.format = kComputed;
    o.highlight_cells = {{last_row, last.next_id}};
    o.highlight_rows = {last_row};
    ImGui::Spacing();
    matrix_view(tr("probabilities of this pass (only the last row is new)", "这一次的概率（只有最后一行是新的）"),
                last.probabilities, o);
    untrained_note();
    if (last.trace.steps.empty()) return;
    // the trained model's attention in this pass: the causal self-attention over what it has
    // written so far, and what each character drew from the English words
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("Masked self-attention in this pass", "这一次的带掩码自注意力"));
    per_head_weights(last.trace, layer_id("self_attn"), labels(last.input_ids), labels(last.input_ids));
    ImGui::TextUnformatted(tr("Cross-attention in this pass", "这一次的交叉注意力"));
    axis_caption();
    per_head_weights(last.trace, layer_id("multihead_attn"), labels(last.input_ids), source_tokens_);
  }

  Vocabulary source_vocab_, target_vocab_;    // the article's example
  Vocabulary english_vocab_, chinese_vocab_;  // the numbers translator's
  std::unique_ptr<Translator> translator_;    // null when models/numbers-translator.* did not load
  std::string model_error_;                   // why it did not
  Mode mode_ = Mode::numbers;
  char english_[128] = "three thousand four hundred five";
  int number_ = 3405;
  SeededRandom random_;                       // the Random button's numbers
  char source_[128] = "I Love China";
  char target_[128] = "我爱中国";
  std::vector<std::string> source_tokens_, unknown_;
  std::vector<int> target_in_, target_out_, predictions_;
  std::vector<Pass> passes_;
  int inference_shown_ = 1;  // greedy passes shown so far
  int layer_ = 0;            // the decoder layer whose attention is shown (0-based)
  ToyTransformerConfig config_;
  Trace trace_;
  std::string error_;
};

}  // namespace

std::unique_ptr<Scene> make_decoder_scene() { return std::make_unique<DecoderScene>(); }

}  // namespace vp::app
