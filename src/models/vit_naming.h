// ViT checkpoints as they are found in the wild, in three namings, told apart by their tensor
// names and loaded into the core's Vit (whose own names are torchvision's, see vit.h):
//
//   torchvision                          timm                         Hugging Face transformers
//   conv_proj.* [D, C, P, P]             patch_embed.proj.*           vit.embeddings.patch_embeddings.projection.*
//   class_token [1, 1, D]                cls_token                    vit.embeddings.cls_token
//   encoder.pos_embedding [1, S+1, D]    pos_embed                    vit.embeddings.position_embeddings
//   encoder.layers.encoder_layer_N.      blocks.N.                    vit.encoder.layer.N.
//     ln_1.*                               norm1.*                      layernorm_before.*
//     self_attention.in_proj_* [3D, D]     attn.qkv.*                   attention.attention.{query,key,value}.*
//                                                                       (three [D, D] stacked as q; k; v)
//     self_attention.out_proj.*            attn.proj.*                  attention.output.dense.*
//     ln_2.*                               norm2.*                      layernorm_after.*
//     mlp.0.* [M, D], mlp.3.* [D, M]       mlp.fc1.*, mlp.fc2.*         intermediate.dense.*, output.dense.*
//   encoder.ln.*                         norm.* (or fc_norm.*:        vit.layernorm.*
//                                        mean-pooled head)
//   heads.head.* [K, D]                  head.*                       classifier.*
//
// Sizes come from the shapes. What no shape says (heads, LayerNorm eps, class names,
// preprocessing) comes from a config file when one is given (VitHints), else from the
// naming's usual defaults (eps: 1e-6 torchvision and timm, 1e-12 Hugging Face; heads: D / 64,
// as in ViT-Ti/S/B/L). Every error names the tensor as the file names it.
#pragma once
#include <string>
#include <vector>

#include "formats/image_preprocess.h"
#include "formats/safetensors.h"
#include "models/vit.h"

namespace vp {

enum class VitNaming { torchvision, timm, hugging_face };
const char* naming_name(VitNaming naming);  // "torchvision", "timm", "Hugging Face"

// What a config file says beyond the weights; 0 or empty where it says nothing.
struct VitHints {
  int heads = 0;
  float eps = 0;
  int image_size = 0, patch_size = 0;  // checked against the weights' shapes
  std::vector<std::string> labels;     // one per class, in class-index order
  std::string preprocessing;           // a recipe of image_preprocess.h
  std::vector<float> mean, std;
  float crop_fraction = 0;
  std::string global_pool;             // timm's "token" or "avg" (see load_vit_checkpoint)
};

// The largest config or labels file read (the ImageNet-21k labels are about 0.5 MB).
constexpr int64_t kMaxConfigBytes = 16ll * 1024 * 1024;

// A config file's text: JSON (Hugging Face's config.json or preprocessor_config.json, timm's
// config.json, vitplay's models/NAME.json), or anything else as a labels file, one class name
// per line. Throws vp::Error naming the field that is malformed or out of range.
VitHints parse_vit_hints(const std::string& text);
// Reads the file (up to kMaxConfigBytes) and parses it; messages start with its name.
VitHints read_vit_hints(const std::string& path);
// Fields of `over` that are given replace those of `base` (a --heads flag over a config file).
VitHints merge_hints(VitHints base, const VitHints& over);

// Which naming the tensors use. Throws vp::Error saying what the file looks like instead
// (another architecture, a single layer, two namings mixed).
VitNaming detect_vit_naming(const TensorMap& weights);

struct VitCheckpoint {
  Vit model;
  VitNaming naming;
  std::vector<std::string> labels;  // num_classes names; empty if no config gave them
  PreprocessSpec preprocess;        // "imagenet" with the naming's usual mean/std unless the hints say
};

// Detects the naming, sizes the model from the shapes, and loads every tensor. Throws
// vp::Error for a missing, extra, mis-shaped or non-finite tensor (named as in the file), heads
// that do not divide D, or hints that disagree with the weights. Tensors "x", "y" and
// "*.grad" are data kept beside the weights (test fixtures) and are skipped.
VitCheckpoint load_vit_checkpoint(const TensorMap& weights, const VitHints& hints);

// The largest checkpoint file read, refused before it is read. The page (2 GB of WebAssembly
// memory at most) holds the file, its tensors and the model at once, three times the file for
// F32 weights: ViT-B/16 (346 MB) fits, ViT-L/16 (1.2 GB) does not. The tensors' decoded size has
// the same limit (kMaxDecodedTensorBytes: an F16 file of 300 MB is as large as this).
constexpr int64_t kMaxCheckpointBytes = 512ll << 20;

// A safetensors file's bytes as a ViT (what a dropped file and --weights become). Says "not a
// safetensors file" for anything without its JSON header.
VitCheckpoint parse_vit_checkpoint(const uint8_t* bytes, size_t size, const VitHints& hints);
// Reads the file (up to kMaxCheckpointBytes) and parses it; messages start with its name.
VitCheckpoint read_vit_checkpoint(const std::string& path, const VitHints& hints);

// Class names for a checkpoint without labels: the ImageNet-1k names for 1,000 classes
// (models_dir/imagenet-1k-labels.txt), else the class indices "0", "1", ...
std::vector<std::string> default_labels(int classes, const std::string& models_dir);
void fill_default_labels(VitCheckpoint& checkpoint, const std::string& models_dir);  // when it has none

}  // namespace vp
