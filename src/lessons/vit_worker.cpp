#include "lessons/vit_worker.h"

#include "formats/safetensors.h"
#include "lessons/attention_rollout.h"
#include "lessons/vit_maps.h"
#include "lessons/vit_messages.h"
#include "lessons/vit_session.h"

namespace vp {

void VitWorker::receive(const EngineMessage& m, std::vector<EngineMessage>& replies) {
  if (m.kind == "vit.load") {
    const std::string name = m.fields.value("name", std::string());
    const bool bundled = m.fields.value("bundled", false);
    try {
      const std::string hints = m.fields.value("hints", std::string());
      VitCheckpoint checkpoint = load_vit_checkpoint(parse_safetensors(m.bytes.data(), m.bytes.size()),
                                                     hints.empty() ? VitHints{} : parse_vit_hints(hints));
      const Vit& v = checkpoint.model;
      EngineMessage model{"vit.model",
                          {{"id", models_.size()},
                           {"name", name},
                           {"bundled", bundled},
                           {"config", vit_config_json(v.config)},
                           {"labels", checkpoint.labels},
                           {"preprocess", preprocess_json(checkpoint.preprocess)}},
                          {},
                          {}};
      // the pictures read off the weights alone, made once here rather than every frame
      // (ViT-Ti's position similarity is a [196, 192] x [192, 196] product)
      model.mats.push_back(filter_mosaic(v.conv_proj, std::min(v.config.dim, VitSessionModel::kFiltersShown),
                                     VitSessionModel::kFiltersPerRow));
      model.mats.push_back(
          similarity_mosaic(position_similarity(v.pos_embedding), v.config.image_size / v.config.patch_size));
      models_.push_back(std::move(checkpoint));
      replies.push_back(std::move(model));
    } catch (const Error& e) {
      replies.push_back({"vit.refused", {{"name", name}, {"bundled", bundled}, {"error", e.what()}}, {}, {}});
    }
  } else if (m.kind == "vit.run") {
    Run r;
    r.id = message_field<int>(m.fields, "run");
    r.model = message_field<size_t>(m.fields, "model");
    r.interventions = interventions_from(message_field<nlohmann::json>(m.fields, "interventions"));
    if (r.model >= models_.size() || m.mats.size() != 1) {
      run_.reset();
      replies.push_back({"vit.failed", {{"run", r.id}, {"error", "vit.run: no such model, or no input"}}, {}, {}});
      return;
    }
    r.input = m.mats[0];
    run_ = std::move(r);
  } else {
    throw Error("unknown ViT message '" + m.kind + "'");
  }
}

EngineWork VitWorker::work(std::vector<EngineMessage>& replies) {
  if (!run_) return EngineWork::idle;
  Run& r = *run_;
  const Vit& v = models_[r.model].model;
  try {
    if (!r.started) {
      r.state = vit_run_start(v, r.input);
      r.started = true;
      replies.push_back({"vit.stage", {{"run", r.id}, {"layer", -1}}, {r.state.patches, r.state.embedded, r.state.z0}, {}});
      return EngineWork::busy;
    }
    const int layer = r.state.layers_done();
    if (!vit_run_step(v, r.interventions, r.state)) {
      replies.push_back({"vit.stage", {{"run", r.id}, {"layer", layer}}, r.state.attention.back(), {}});
      return EngineWork::busy;
    }
    const int g = v.config.image_size / v.config.patch_size;
    Mat rollout = attention_row_grid(attention_rollout(r.state.attention, &r.interventions), 0, g, g);
    replies.push_back({"vit.result", {{"run", r.id}}, {r.state.logits, r.state.probabilities, std::move(rollout)}, {}});
  } catch (const Error& e) {
    replies.push_back({"vit.failed", {{"run", r.id}, {"error", e.what()}}, {}, {}});
  }
  run_.reset();
  return EngineWork::idle;
}

}  // namespace vp
