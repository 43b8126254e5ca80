// The ViT lesson's messages (formats/engine_message.h) between the session the scene draws
// (lessons/vit_session.h) and the engine's side, which holds the weights (lessons/vit_worker.h):
//
//   session -> engine  vit.load {name, bundled, hints} + bytes a checkpoint: a shipped model's file
//                                                              or one the user opened (hints: a
//                                                              config file's text, or "")
//                      vit.run {run, model, interventions} + [input]   a newer run replaces an older
//   engine -> session  vit.model {id, name, bundled, config, labels, preprocess} + [filters, positions]
//                      vit.refused {name, bundled, error}      a checkpoint not loaded
//                      vit.stage {run, layer} + matrices       layer -1: [patches, embedded, z0];
//                                                              layer l: its heads' attention
//                      vit.result {run} + [logits, probabilities, rollout]
//                      vit.failed {run, error}
//
// `run` numbers the session's runs, so that stages of a replaced run are ignored.
#pragma once
#include <nlohmann/json.hpp>

#include "formats/image_preprocess.h"
#include "models/vit.h"
#include "models/vit_interventions.h"

namespace vp {

nlohmann::json vit_config_json(const VitConfig& c);
VitConfig vit_config_from(const nlohmann::json& j);  // throws vp::Error

nlohmann::json preprocess_json(const PreprocessSpec& p);
PreprocessSpec preprocess_from(const nlohmann::json& j);  // throws vp::Error

// {heads_off: [[layer, head], ...], attention_off: [layer, ...], occluded: [patch, ...]}, 0-based
nlohmann::json interventions_message_json(const VitInterventions& iv);
VitInterventions interventions_from(const nlohmann::json& j);  // throws vp::Error

}  // namespace vp
