// Scene 1: the article's six self-attention steps.
#include <imgui.h>

#include "app/i18n.h"
#include "app/scene.h"
#include "core/examples.h"

namespace vp::app {

namespace {

class SelfAttentionScene : public Scene {
 public:
  SelfAttentionScene() { recompute(); }
  const char* name() const override { return "self-attention"; }
  const char* title() const override { return tr("Self-attention", "自注意力"); }
  int step_count() const override { return 6; }

  void draw() override {
    const TraceStep& s = trace_.steps[step_ - 1];
    ImGui::Text("%d / 6  %s   %s", step_, s.title.c_str(), s.formula.c_str());
  }

  nlohmann::json state() const override { return {{"trace", to_json(trace_)}}; }

 private:
  void recompute() {
    trace_ = Trace{};
    trace_.name = "self-attention";
    auto ex = article_example();
    self_attention(ex.x, ex.weights, {}, &trace_);
  }
  Trace trace_;
};

}  // namespace

std::unique_ptr<Scene> make_self_attention_scene() { return std::make_unique<SelfAttentionScene>(); }

}  // namespace vp::app
