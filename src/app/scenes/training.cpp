// The training scene: a ViT trained live from fresh weights, in the page and the desktop
// window. The reader picks the model and hyper-parameters, starts, pauses, resets, and watches
// the loss fall, the held-out accuracy rise, and the class token's attention on four fixed
// held-out digits sharpen layer by layer. The run itself is the engine's (train/training_job.h,
// away from the drawing); app/training_controller.h keeps its latest snapshot, which this file draws.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app/i18n.h"
#include "app/step_scene.h"
#include "app/training_controller.h"
#include "app/widgets/heatmap.h"
#include "app/widgets/line_chart.h"
#include "app/widgets/text.h"
#include "lessons/share_state.h"
#include "platform/training_data.h"

namespace vp::app {

namespace {

const char* const kModels[] = {"mnist-vit", "fashion-vit"};

std::string format_seconds(double s) {
  if (s < 0) return "-";
  char buf[32];
  if (s < 60) std::snprintf(buf, sizeof buf, "%.0f s", s);
  else std::snprintf(buf, sizeof buf, "%d min %02d s", static_cast<int>(s / 60), static_cast<int>(s) % 60);
  return buf;
}

// The digit (0..1, the sequential colour map) with the class token's attention over its
// patches as a spotlight: patches it attends to stay bright, the others are dimmed; the most
// attended patch is outlined.
void attention_overlay(const char* id, const Mat& image, const Mat* attention, float size) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  heatmap(id, image, ImVec2(size, size), ColorMap::sequential, 0.0f, 1.0f);
  if (!attention) return;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float cell = size / static_cast<float>(attention->cols()), top = std::max(attention->maxCoeff(), 1e-6f);
  Eigen::Index best_r = 0, best_c = 0;
  attention->maxCoeff(&best_r, &best_c);
  for (Eigen::Index r = 0; r < attention->rows(); ++r)
    for (Eigen::Index c = 0; c < attention->cols(); ++c) {
      const float dim = 0.85f * (1.0f - (*attention)(r, c) / top);
      const ImVec2 a(origin.x + c * cell, origin.y + r * cell);
      draw->AddRectFilled(a, ImVec2(a.x + cell, a.y + cell), IM_COL32(0, 0, 0, static_cast<int>(255 * dim)));
    }
  const ImVec2 a(origin.x + best_c * cell, origin.y + best_r * cell);
  draw->AddRect(a, ImVec2(a.x + cell, a.y + cell), IM_COL32(0, 220, 255, 255), 0, 0, 2.0f);
}

class TrainingScene : public StepScene {
 public:
  TrainingScene() { set_steps({{"Training live", "现场训练", [this] { draw_training(); }}}); }
  const char* name() const override { return "training"; }
  const char* title() const override { return tr("Training live", "现场训练"); }

  nlohmann::json state() const override {
    return {{"form", export_inputs()}, {"formError", form_error()}};
  }

  // The form's settings (never the weights: a shared link starts its own run from them).
  nlohmann::json export_inputs() const override {
    return {{"model", kModels[model_]}, {"epochs", epochs_}, {"lr", share_json(lr_)}, {"batchSize", batch_size_},
            {"seed", seed_}, {"augment", augment_}};
  }

  std::vector<std::string> import_inputs(const nlohmann::json& inputs) override {
    using Kind = ShareField::Kind;
    static const ShareSchema schema{{},
                                    {{"model", Kind::choice, 0, 0, -1, -1, {std::begin(kModels), std::end(kModels)}},
                                     {"epochs", Kind::integer, 1, 1000},
                                     {"lr", Kind::number, 1e-9, 1},
                                     {"batchSize", Kind::integer, 1, 4096},
                                     {"seed", Kind::integer, 0, 2147483647},
                                     {"augment", Kind::boolean}}};
    CheckedInputs in = check_share_inputs(inputs, export_inputs(), schema);
    const std::string model = in.values["model"];
    model_ = static_cast<int>(std::find(std::begin(kModels), std::end(kModels), model) - std::begin(kModels));
    epochs_ = in.values["epochs"];
    lr_ = in.values["lr"];
    batch_size_ = in.values["batchSize"];
    seed_ = in.values["seed"];
    augment_ = in.values["augment"];
    return in.notices;
  }

 private:
  const char* heading_text() const override { return tr("Training a ViT live", "现场训练一个 ViT"); }

  void draw_training() {
    paragraph(tr("The article calls what a Transformer does the result of training. Here a small ViT (16 patches of "
                 "7x7 pixels, 4 layers, 4 heads, 140k weights) learns the digits from random weights, in a thread of "
                 "its own (a Web Worker in the page) while this picture is drawn. Watch the loss fall, the accuracy "
                 "on held-out digits rise, and the class token's attention turn from a uniform blur into a look at "
                 "the strokes that tell the digits apart.",
                 "文章说 Transformer 的本领是\"训练的结果\"。这里一个小 ViT（16 个 7x7 像素的块，4 层，4 个头，14 万个权重）"
                 "从随机权重开始学习识别手写数字，训练在绘图之外的单独线程里进行（网页中是一个 Web Worker）。"
                 "看损失下降、留出集准确率上升，以及类别词元的注意力从均匀的一片变成盯住区分数字的笔画。"));
    draw_controls();
    TrainingController& t = training();
    if (t.waiting_for_data()) {
      char overlay[64];
      std::snprintf(overlay, sizeof overlay, "%.0f %%", 100.0f * t.data_progress());
      ImGui::TextUnformatted(tr("Loading the training data…", "正在加载训练数据…"));
      ImGui::ProgressBar(t.data_progress(), ImVec2(em(20), 0), overlay);
    } else if (!t.data_error().empty()) {
      error_text(std::string(tr("Could not load the training data: ", "无法加载训练数据：")) + t.data_error());
      if (ImGui::Button(tr("Try again", "重试"))) start();
    }
    if (!t.run()) return;
    draw_status(*t.run());
    draw_curves(*t.run());
    draw_attention(*t.run());
  }

  LiveTrainingSettings form_settings() const {
    LiveTrainingSettings s;
    s.model = kModels[model_];
    s.epochs = epochs_;
    s.lr = lr_;
    s.batch_size = batch_size_;
    s.seed = static_cast<uint32_t>(std::max(seed_, 0));
    s.augment = augment_;
    return s;
  }

  // The first problem with the form, "" when it can start.
  std::string form_error() const {
    if (seed_ < 0) return tr("seed must be 0 or more", "种子必须不小于 0");
    try {
      live_training_config(form_settings());
    } catch (const Error& e) {
      return e.what();
    }
    if (!platform::training_data_available(model_recipe(kModels[model_]).dataset))
      return tr("the page does not serve this model's training data (Fashion-MNIST would be a 30 MB download); "
                "the desktop app trains it",
                "网页不提供该模型的训练数据（Fashion-MNIST 需下载 30 MB），桌面程序可以训练它");
    return "";
  }

  void start() {
    const std::string refused = training().start(form_settings());
    if (!refused.empty()) start_error_ = refused;
  }

  void draw_controls() {
    ImGui::PushItemWidth(em(7));
    ImGui::Combo(tr("model", "模型"), &model_, kModels, IM_ARRAYSIZE(kModels));
    ImGui::SameLine();
    ImGui::InputInt(tr("epochs", "轮数"), &epochs_, 0);
    ImGui::SameLine();
    ImGui::InputFloat(tr("learning rate", "学习率"), &lr_, 0, 0, "%.4g");
    ImGui::InputInt(tr("batch size", "批大小"), &batch_size_, 0);
    ImGui::SameLine();
    ImGui::InputInt(tr("seed", "种子"), &seed_, 0);
    ImGui::SameLine();
    ImGui::Checkbox(tr("augmentation (random shifts, turns, scaling)", "数据增强（随机平移、旋转、缩放）"), &augment_);
    ImGui::PopItemWidth();

    const std::string error = form_error();
    TrainingController& t = training();
    ImGui::BeginDisabled(!error.empty());
    if (ImGui::Button(tr("Start from fresh weights", "从新权重开始"))) start();
    ImGui::EndDisabled();
    const TrainingSnapshot* run = t.run();
    if (run && !run->done()) {
      ImGui::SameLine();
      if (t.paused() ? ImGui::Button(tr("Resume", "继续")) : ImGui::Button(tr("Pause", "暂停")))
        t.paused() ? t.resume() : t.pause();
    }
    if (t.exists()) {
      ImGui::SameLine();
      if (ImGui::Button(tr("Reset", "重置"))) t.reset();
    }
    if (!error.empty()) error_text(error);
    else if (!start_error_.empty()) error_text(start_error_);
  }

  void draw_status(const TrainingSnapshot& r) {
    const TrainProgress& p = r.progress;
    const TrainingController& t = training();
    if (r.phase == LivePhase::diverged)
      error_text(std::string(tr("Diverged: the loss became NaN or infinite at step ", "发散：损失在第 ")) +
                 std::to_string(p.step + 1) +
                 tr(". Training stopped; the last good weights are kept. Try a smaller learning rate.",
                    " 步变成了 NaN 或无穷大。训练已停止，保留最后一组正常的权重。请试试更小的学习率。"));
    const char* phase = r.phase == LivePhase::finished     ? tr("finished", "已完成")
                        : r.phase == LivePhase::diverged   ? tr("diverged", "已发散")
                        : t.paused()                         ? tr("paused", "已暂停")
                        : r.phase == LivePhase::evaluating ? tr("measuring held-out accuracy", "正在测留出集准确率")
                                                             : tr("training", "训练中");
    const int shown_epoch = std::min(p.epoch + 1, t.settings().epochs);
    ImGui::Text("%s  ·  %s %d / %d  ·  %s %d / %d", phase, tr("epoch", "轮"), shown_epoch, t.settings().epochs,
                tr("step", "步"), p.step, p.total_steps);
    if (r.phase == LivePhase::evaluating) {
      ImGui::SameLine();
      ImGui::ProgressBar(r.evaluation_progress, ImVec2(em(8), 0));
    }
    const std::string acc = r.accuracy_curve.empty() ? "-" : [&] {
      char b[16];
      std::snprintf(b, sizeof b, "%.2f %%", 100.0f * r.held_out_accuracy());
      return std::string(b);
    }();
    ImGui::Text("%s %.3f  ·  %s %s  ·  %.1f %s (%.0f %s)  ·  %s %s", tr("loss", "损失"), r.recent_loss,
                tr("held-out accuracy", "留出集准确率"), acc.c_str(), r.steps_per_second, tr("steps/s", "步/秒"),
                r.images_per_second, tr("images/s", "张/秒"), tr("ETA", "预计剩余"),
                format_seconds(r.eta_seconds).c_str());
    ImGui::TextDisabled("%s %zu / %zu", tr("images train / held out:", "训练 / 留出图像："), r.train_size,
                        r.held_out_size);
  }

  void draw_curves(const TrainingSnapshot& r) {
    const float total = static_cast<float>(std::max(1, r.progress.total_steps));
    const float width = std::max(em(16), (ImGui::GetContentRegionAvail().x - em(1)) / 2);
    ChartSeries loss{tr("loss", "损失"), {}, IM_COL32(90, 170, 255, 255), false};
    float top = 0.5f;
    for (size_t i = 0; i < r.step_losses.size(); ++i) {
      loss.points.push_back(ImVec2(static_cast<float>(i + 1), r.step_losses[i]));
      top = std::max(top, r.step_losses[i]);
    }
    ChartAxes loss_axes;
    loss_axes.x_max = total;
    loss_axes.y_max = std::ceil(top * 2) / 2;
    ImGui::BeginGroup();
    line_chart("loss", tr("Training loss per step (cross-entropy, label smoothing 0.1)", "每步训练损失（交叉熵，标签平滑 0.1）"),
               {loss}, loss_axes, ImVec2(width, em(11)));
    ImGui::EndGroup();
    ImGui::SameLine();
    ChartSeries acc{tr("held-out accuracy", "留出集准确率"), {}, IM_COL32(120, 220, 120, 255), true};
    for (const AccuracyPoint& a : r.accuracy_curve) acc.points.push_back(ImVec2(static_cast<float>(a.step), a.accuracy));
    ChartAxes acc_axes;
    acc_axes.x_max = total;
    acc_axes.y_format = "%.0f%%";
    acc_axes.y_scale = 100;
    acc_axes.reference_y = 0.95f;
    ImGui::BeginGroup();
    line_chart("accuracy", tr("Held-out accuracy after each epoch (dashed: 95 %)", "每轮之后的留出集准确率（虚线：95%）"),
               {acc}, acc_axes, ImVec2(width, em(11)));
    ImGui::EndGroup();
  }

  void draw_attention(const TrainingSnapshot& r) {
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("Where the class token looks: its attention over the 16 patches of four held-out digits, "
                              "averaged over the heads, layer by layer (bright = attended; outlined = most)",
                              "类别词元看向哪里：它对四个留出数字的 16 个块的注意力（各头平均），逐层显示（亮 = 被关注；框 = 最多）"));
    const float cell = std::clamp((ImGui::GetContentRegionAvail().x - em(8)) / 10.0f, em(3.5f), em(6.5f));
    const auto& examples = r.examples;
    const ImGuiTableFlags flags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX;
    const int layers = examples.empty() ? 0 : static_cast<int>(examples[0].layers.size());
    // two examples per row: image, then its layers
    if (!ImGui::BeginTable("attention", 2 * (layers + 1), flags)) return;
    for (size_t e = 0; e < examples.size(); ++e) {
      if (e % 2 == 0) ImGui::TableNextRow();
      const ExampleAttention& ex = examples[e];
      const Mat& image = r.example_images[e];
      ImGui::TableNextColumn();
      ImGui::PushID(static_cast<int>(e));
      attention_overlay("digit", image, nullptr, cell);
      const bool right = ex.predicted == ex.label;
      ImGui::TextColored(right ? ImVec4(0.5f, 0.9f, 0.5f, 1) : ImVec4(1, 0.45f, 0.4f, 1), "%s %d → %d",
                         tr("label", "标签"), ex.label, ex.predicted);
      for (int l = 0; l < layers; ++l) {
        ImGui::TableNextColumn();
        ImGui::PushID(l);
        attention_overlay("layer", image, &ex.layers[static_cast<size_t>(l)], cell);
        ImGui::TextDisabled("%s %d", tr("layer", "层"), l + 1);
        ImGui::PopID();
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }

  int model_ = 0;
  int epochs_ = LiveTrainingSettings{}.epochs;
  float lr_ = LiveTrainingSettings{}.lr;
  int batch_size_ = LiveTrainingSettings{}.batch_size;
  int seed_ = 1;
  bool augment_ = true;
  std::string start_error_;
};

}  // namespace

std::unique_ptr<Scene> make_training_scene() { return std::make_unique<TrainingScene>(); }

}  // namespace vp::app
