#include "models/vit_naming.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "formats/file_bytes.h"

namespace vp {

using nlohmann::json;

const char* naming_name(VitNaming naming) {
  switch (naming) {
    case VitNaming::torchvision: return "torchvision";
    case VitNaming::timm: return "timm";
    case VitNaming::hugging_face: return "Hugging Face";
  }
  return "?";
}

// ---- config files ------------------------------------------------------------------------

namespace {

// A JSON field a stranger wrote: each getter checks type and range and names the field.
int json_int(const json& v, const std::string& field, int lo, int hi) {
  if (!v.is_number_integer()) throw Error("config: \"" + field + "\" is not an integer");
  const auto x = v.get<int64_t>();
  if (x < lo || x > hi)
    throw Error("config: \"" + field + "\" is " + std::to_string(x) + ", outside " + std::to_string(lo) + ".." +
                std::to_string(hi));
  return static_cast<int>(x);
}

float json_float(const json& v, const std::string& field, double lo, double hi) {
  if (!v.is_number()) throw Error("config: \"" + field + "\" is not a number");
  const double x = v.get<double>();
  if (!(x >= lo && x <= hi)) throw Error("config: \"" + field + "\" is out of range");
  return static_cast<float>(x);
}

std::vector<float> json_floats(const json& v, const std::string& field, double lo, double hi) {
  if (!v.is_array() || v.empty() || v.size() > 4) throw Error("config: \"" + field + "\" is not a list of 1 to 4 numbers");
  std::vector<float> out;
  for (const json& x : v) out.push_back(json_float(x, field, lo, hi));
  return out;
}

constexpr int kMaxLabels = 1 << 20;

std::string json_label(const json& v, const std::string& field) {
  if (!v.is_string()) throw Error("config: \"" + field + "\" holds a label that is not a string");
  return v.get<std::string>();
}

std::vector<std::string> json_label_list(const json& v, const std::string& field) {
  if (!v.is_array() || v.size() > kMaxLabels) throw Error("config: \"" + field + "\" is not a list of labels");
  std::vector<std::string> labels;
  for (const json& x : v) labels.push_back(json_label(x, field));
  return labels;
}

// Hugging Face's id2label: {"0": "tench", "1": "goldfish", ...}, every index 0..n-1 once.
std::vector<std::string> id2label(const json& v) {
  if (!v.is_object() || v.size() > kMaxLabels) throw Error("config: \"id2label\" is not an object");
  std::vector<std::string> labels(v.size());
  std::vector<bool> seen(v.size(), false);
  for (const auto& [key, name] : v.items()) {
    size_t index = 0, used = 0;
    try {
      index = std::stoul(key, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != key.size() || index >= labels.size() || seen[index])
      throw Error("config: \"id2label\" key " + quote_name(key) + " is not a class index 0.." +
                  std::to_string(labels.size() - 1) + " given once");
    seen[index] = true;
    labels[index] = json_label(name, "id2label");
  }
  return labels;
}

// timm names its models after their size: vit_tiny_patch16_224, deit_small_..., ...
int heads_from_timm_architecture(const std::string& arch) {
  const std::pair<const char*, int> sizes[] = {{"_tiny_", 3}, {"_small_", 6}, {"_base_", 12}, {"_large_", 16},
                                               {"_huge_", 16}};
  for (const auto& [size, heads] : sizes)
    if (arch.find(size) != std::string::npos) return heads;
  return 0;
}

void read_json_hints(const json& j, VitHints& h) {
  // vitplay's models/NAME.json
  if (j.contains("config") && j["config"].is_object()) {
    const json& c = j["config"];
    if (c.contains("heads")) h.heads = json_int(c["heads"], "config.heads", 1, 4096);
    if (c.contains("eps")) h.eps = json_float(c["eps"], "config.eps", 1e-30, 1);
    if (c.contains("image_size")) h.image_size = json_int(c["image_size"], "config.image_size", 1, kMaxImageSide);
    if (c.contains("patch_size")) h.patch_size = json_int(c["patch_size"], "config.patch_size", 1, kMaxImageSide);
  }
  if (j.contains("labels")) h.labels = json_label_list(j["labels"], "labels");
  if (j.contains("preprocessing")) {
    if (!j["preprocessing"].is_string()) throw Error("config: \"preprocessing\" is not a string");
    h.preprocessing = j["preprocessing"].get<std::string>();
  }
  if (j.contains("mean")) h.mean = json_floats(j["mean"], "mean", -1e3, 1e3);
  if (j.contains("std")) h.std = json_floats(j["std"], "std", 1e-6, 1e3);
  // Hugging Face config.json and preprocessor_config.json
  if (j.contains("num_attention_heads")) h.heads = json_int(j["num_attention_heads"], "num_attention_heads", 1, 4096);
  if (j.contains("layer_norm_eps")) h.eps = json_float(j["layer_norm_eps"], "layer_norm_eps", 1e-30, 1);
  if (j.contains("id2label")) h.labels = id2label(j["id2label"]);
  if (j.contains("image_size") && j["image_size"].is_number())
    h.image_size = json_int(j["image_size"], "image_size", 1, kMaxImageSide);
  if (j.contains("patch_size") && j["patch_size"].is_number())
    h.patch_size = json_int(j["patch_size"], "patch_size", 1, kMaxImageSide);
  if (j.contains("image_mean")) h.mean = json_floats(j["image_mean"], "image_mean", -1e3, 1e3);
  if (j.contains("image_std")) h.std = json_floats(j["image_std"], "image_std", 1e-6, 1e3);
  // timm config.json
  if (j.contains("architecture") && j["architecture"].is_string() && h.heads == 0)
    h.heads = heads_from_timm_architecture(j["architecture"].get<std::string>());
  if (j.contains("global_pool")) {
    if (!j["global_pool"].is_string()) throw Error("config: \"global_pool\" is not a string");
    h.global_pool = j["global_pool"].get<std::string>();
    if (h.global_pool != "token" && h.global_pool != "avg")
      throw Error("config: global_pool " + quote_name(h.global_pool) + " is not \"token\" or \"avg\"");
  }
  if (j.contains("label_names")) h.labels = json_label_list(j["label_names"], "label_names");
  if (j.contains("pretrained_cfg") && j["pretrained_cfg"].is_object()) {
    const json& p = j["pretrained_cfg"];
    if (p.contains("mean")) h.mean = json_floats(p["mean"], "pretrained_cfg.mean", -1e3, 1e3);
    if (p.contains("std")) h.std = json_floats(p["std"], "pretrained_cfg.std", 1e-6, 1e3);
    if (p.contains("crop_pct")) h.crop_fraction = json_float(p["crop_pct"], "pretrained_cfg.crop_pct", 0.05, 1);
    if (p.contains("label_names")) h.labels = json_label_list(p["label_names"], "pretrained_cfg.label_names");
    if (p.contains("input_size")) {
      const json& s = p["input_size"];
      if (!s.is_array() || s.size() != 3) throw Error("config: \"pretrained_cfg.input_size\" is not [C, H, W]");
      h.image_size = json_int(s[1], "pretrained_cfg.input_size", 1, kMaxImageSide);
    }
  }
}

}  // namespace

VitHints parse_vit_hints(const std::string& text) {
  VitHints h;
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') {
    const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) throw Error("config: not valid JSON");
    read_json_hints(j, h);
    return h;
  }
  // A labels file: one name per line; blank lines at the end are not classes.
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    h.labels.push_back(line);
    if (h.labels.size() > kMaxLabels) throw Error("labels file: more than " + std::to_string(kMaxLabels) + " lines");
    begin = end + 1;
  }
  while (!h.labels.empty() && h.labels.back().empty()) h.labels.pop_back();
  if (h.labels.empty()) throw Error("labels file is empty (one class name per line expected)");
  return h;
}

VitHints read_vit_hints(const std::string& path) {
  const std::vector<uint8_t> bytes = read_file_bytes(path, kMaxConfigBytes, "config file");
  try {
    return parse_vit_hints(std::string(bytes.begin(), bytes.end()));
  } catch (const Error& e) {
    throw Error(quote_name(path) + ": " + e.what());
  }
}

VitHints merge_hints(VitHints base, const VitHints& over) {
  if (over.heads) base.heads = over.heads;
  if (over.eps > 0) base.eps = over.eps;
  if (over.image_size) base.image_size = over.image_size;
  if (over.patch_size) base.patch_size = over.patch_size;
  if (!over.labels.empty()) base.labels = over.labels;
  if (!over.preprocessing.empty()) base.preprocessing = over.preprocessing;
  if (!over.mean.empty()) base.mean = over.mean;
  if (!over.std.empty()) base.std = over.std;
  if (over.crop_fraction > 0) base.crop_fraction = over.crop_fraction;
  if (!over.global_pool.empty()) base.global_pool = over.global_pool;
  return base;
}

// ---- namings -----------------------------------------------------------------------------

namespace {

// Where each of the core's (torchvision) tensors is in one naming.
struct Naming {
  VitNaming id;
  std::string patch, cls, pos, layer;             // layer: the prefix before the layer index
  std::string ln_1, out_proj, ln_2, fc1, fc2;     // inside a layer
  std::vector<std::string> qkv;                   // stacked in this order into in_proj_*
  std::string norm, head;
};

Naming naming_rules(VitNaming id, const TensorMap& w) {
  switch (id) {
    case VitNaming::torchvision:
      return {id, "conv_proj", "class_token", "encoder.pos_embedding", "encoder.layers.encoder_layer_",
              "ln_1", "self_attention.out_proj", "ln_2", "mlp.0", "mlp.3", {"self_attention.in_proj_"},
              "encoder.ln", "heads.head"};
    case VitNaming::timm:
      return {id, "patch_embed.proj", "cls_token", "pos_embed", "blocks.", "norm1", "attn.proj", "norm2",
              "mlp.fc1", "mlp.fc2", {"attn.qkv."}, w.count("fc_norm.weight") ? "fc_norm" : "norm", "head"};
    case VitNaming::hugging_face: {
      // ViTForImageClassification keeps the encoder under "vit."; a bare ViTModel does not.
      const std::string p = w.count("vit.embeddings.patch_embeddings.projection.weight") ? "vit." : "";
      return {id, p + "embeddings.patch_embeddings.projection", p + "embeddings.cls_token",
              p + "embeddings.position_embeddings", p + "encoder.layer.", "layernorm_before",
              "attention.output.dense", "layernorm_after", "intermediate.dense", "output.dense",
              {"attention.attention.query.", "attention.attention.key.", "attention.attention.value."},
              p + "layernorm", "classifier"};
  }
  }
  throw Error("unknown ViT naming");
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

// The names in naming n of the core's tensor `core_name` (several when stacked from parts).
std::vector<std::string> source_names(const Naming& n, const std::string& core_name) {
  auto after = [&](const std::string& prefix) { return core_name.substr(prefix.size()); };
  if (core_name == "class_token") return {n.cls};
  if (core_name == "encoder.pos_embedding") return {n.pos};
  if (starts_with(core_name, "conv_proj.")) return {n.patch + "." + after("conv_proj.")};
  if (starts_with(core_name, "encoder.ln.")) return {n.norm + "." + after("encoder.ln.")};
  if (starts_with(core_name, "heads.head.")) return {n.head + "." + after("heads.head.")};
  const std::string layers = "encoder.layers.encoder_layer_";
  if (starts_with(core_name, layers)) {
    const size_t dot = core_name.find('.', layers.size());
    const std::string prefix = n.layer + core_name.substr(layers.size(), dot - layers.size()) + ".";
    const std::string rest = core_name.substr(dot + 1);
    const std::pair<const char*, const std::string*> parts[] = {
        {"ln_1.", &n.ln_1}, {"self_attention.out_proj.", &n.out_proj}, {"ln_2.", &n.ln_2},
        {"mlp.0.", &n.fc1}, {"mlp.3.", &n.fc2}};
    for (const auto& [core_part, part] : parts)
      if (starts_with(rest, core_part)) return {prefix + *part + "." + rest.substr(std::string(core_part).size())};
    if (starts_with(rest, "self_attention.in_proj_")) {
      std::vector<std::string> names;
      for (const std::string& q : n.qkv) names.push_back(prefix + q + rest.substr(23));
      return names;
    }
  }
  throw Error("no tensor of this naming holds " + quote_name(core_name));
}

const Tensor& tensor_of(const TensorMap& w, const std::string& name, size_t dims, VitNaming naming) {
  const auto it = w.find(name);
  if (it == w.end())
    throw Error(std::string("missing tensor ") + quote_name(name) + " (" + naming_name(naming) + " ViT naming)");
  if (it->second.shape.size() != dims)
    throw Error("tensor " + quote_name(name) + " has shape " + shape_str(it->second.shape) + ", expected " +
                std::to_string(dims) + " dims");
  return it->second;
}

int size_of(int64_t v, const std::string& what) {
  if (v < 1 || v > (1 << 20)) throw Error(what + " " + std::to_string(v) + " is out of range");
  return static_cast<int>(v);
}

// Sizes from the shapes; heads, eps from the hints or the naming's defaults.
VitConfig config_from_shapes(const Naming& n, const TensorMap& w, const VitHints& hints, VitPooling pooling) {
  auto name = [&](const std::string& core_name) { return source_names(n, core_name)[0]; };
  VitConfig c;
  c.pooling = pooling;
  const Tensor& patch = tensor_of(w, name("conv_proj.weight"), 4, n.id);
  c.dim = size_of(patch.shape[0], "hidden size");
  c.channels = size_of(patch.shape[1], "channel count");
  c.patch_size = size_of(patch.shape[2], "patch size");
  if (patch.shape[3] != patch.shape[2])
    throw Error("tensor " + quote_name(name("conv_proj.weight")) + " has shape " + shape_str(patch.shape) +
                ": patches must be square");
  const Tensor& pos = tensor_of(w, n.pos, 3, n.id);
  const int64_t patches = pos.shape[1] - 1;
  const auto side = static_cast<int64_t>(std::lround(std::sqrt(static_cast<double>(std::max<int64_t>(patches, 0)))));
  if (patches < 1 || side * side != patches)
    throw Error("tensor " + quote_name(n.pos) + " has " + std::to_string(pos.shape[1]) +
                " positions: not 1 (the class token) + a square grid of patches");
  c.image_size = size_of(side * c.patch_size, "image size");
  c.depth = 0;
  while (w.count(name("encoder.layers.encoder_layer_" + std::to_string(c.depth) + ".ln_1.weight"))) ++c.depth;
  if (c.depth == 0) throw Error("missing tensor " + quote_name(name("encoder.layers.encoder_layer_0.ln_1.weight")) +
                                " (no encoder layers)");
  const std::string fc1 = name("encoder.layers.encoder_layer_0.mlp.0.weight");
  const Tensor& mlp = tensor_of(w, fc1, 2, n.id);
  if (mlp.shape[1] != c.dim)
    throw Error("tensor " + quote_name(fc1) + " has shape " + shape_str(mlp.shape) + ", expected [MLP size, " +
                std::to_string(c.dim) + "]");
  c.mlp_dim = size_of(mlp.shape[0], "MLP size");
  c.num_classes = size_of(tensor_of(w, name("heads.head.weight"), 2, n.id).shape[0], "class count");

  if (hints.patch_size && hints.patch_size != c.patch_size)
    throw Error("config says patch size " + std::to_string(hints.patch_size) + ", but " +
                quote_name(name("conv_proj.weight")) + " has " + std::to_string(c.patch_size));
  if (hints.image_size && hints.image_size != c.image_size)
    throw Error("config says image size " + std::to_string(hints.image_size) + ", but " + quote_name(n.pos) +
                " holds " + std::to_string(side) + "x" + std::to_string(side) + " patches of " +
                std::to_string(c.patch_size) + " = " + std::to_string(c.image_size));
  c.eps = hints.eps > 0 ? hints.eps : n.id == VitNaming::hugging_face ? 1e-12f : 1e-6f;
  // ViT-Ti/S/B/L all use 64 dimensions per head.
  c.heads = hints.heads ? hints.heads : c.dim % 64 == 0 ? c.dim / 64 : 0;
  if (c.heads == 0)
    throw Error("the number of heads is in no tensor, and hidden size " + std::to_string(c.dim) +
                " is not a multiple of 64: give it in a config (num_attention_heads) or with --heads");
  if (c.dim % c.heads != 0)
    throw Error(std::to_string(c.heads) + " heads do not divide hidden size " + std::to_string(c.dim) + " (from " +
                quote_name(name("conv_proj.weight")) + ")");
  validate(c);
  return c;
}

// The usual preprocessing of each naming's ImageNet models, unless the hints say otherwise:
// torchvision: Resize(256), CenterCrop(224), ImageNet mean/std; timm's ViTs: mean = std = 0.5,
// crop_pct 0.9; Hugging Face's ViTImageProcessor: mean = std = 0.5, no crop.
PreprocessSpec preprocess_for(const VitConfig& c, VitNaming naming, const VitHints& h) {
  PreprocessSpec s;
  s.recipe = h.preprocessing.empty() ? "imagenet" : h.preprocessing;
  s.image_size = c.image_size;
  s.channels = c.channels;
  const bool imagenet_stats = naming == VitNaming::torchvision && c.channels == 3;
  s.mean = imagenet_stats ? std::vector<float>{0.485f, 0.456f, 0.406f} : std::vector<float>{0.5f};
  s.std = imagenet_stats ? std::vector<float>{0.229f, 0.224f, 0.225f} : std::vector<float>{0.5f};
  s.crop_fraction = naming == VitNaming::torchvision ? 0.875f : naming == VitNaming::timm ? 0.9f : 1.0f;
  if (!h.mean.empty()) s.mean = h.mean;
  if (!h.std.empty()) s.std = h.std;
  if (h.crop_fraction > 0) s.crop_fraction = h.crop_fraction;
  for (const auto* v : {&s.mean, &s.std})
    if (v->size() != 1 && v->size() != static_cast<size_t>(c.channels))
      throw Error("config gives " + std::to_string(v->size()) + " mean/std values for a model of " +
                  std::to_string(c.channels) + " channels");
  return s;
}

// timm's head: global_pool "token" reads the class token, "avg" the patches' mean. Its
// fc_norm (the LayerNorm after pooling; norm is then absent) comes with "avg" by default;
// "avg" without fc_norm normalises every token before the mean, which the core does not do.
VitPooling timm_pooling(const Naming& n, const VitHints& hints) {
  if (n.id != VitNaming::timm) return VitPooling::class_token;
  const bool fc_norm = n.norm == "fc_norm";
  if (hints.global_pool == "avg" && !fc_norm)
    throw Error("config: global_pool \"avg\" with \"norm.weight\" instead of \"fc_norm.weight\" (LayerNorm before "
                "the mean) is a timm head vitplay does not run");
  return fc_norm && hints.global_pool != "token" ? VitPooling::mean_patches : VitPooling::class_token;
}

bool is_data(const std::string& name) {
  return name == "x" || name == "y" || (name.size() > 5 && name.compare(name.size() - 5, 5, ".grad") == 0);
}

// Names that say which other kind of model a file holds.
std::string other_architecture(const TensorMap& w) {
  const std::pair<const char*, const char*> signs[] = {
      {"layer1.0.conv1.weight", "a ResNet"},
      {"features.0.weight", "a convolutional network (VGG/AlexNet-style features.*)"},
      {"transformer.h.0.attn.c_attn.weight", "GPT-2"},
      {"bert.embeddings.word_embeddings.weight", "BERT"},
      {"model.layers.0.self_attn.q_proj.weight", "a Llama-style language model"},
      {"in_proj_weight", "nn.MultiheadAttention (vitplay-cli run mha)"},
      {"self_attn.in_proj_weight", "a transformer encoder or decoder layer (vitplay-cli run encoder-layer)"},
      {"embed.weight", "the toy translator"},
  };
  for (const auto& [name, what] : signs)
    if (w.count(name)) return std::string(" (it looks like ") + what + ": " + quote_name(name) + ")";
  return "";
}

}  // namespace

VitNaming detect_vit_naming(const TensorMap& w) {
  std::vector<VitNaming> found;
  if (w.count("conv_proj.weight")) found.push_back(VitNaming::torchvision);
  if (w.count("patch_embed.proj.weight")) found.push_back(VitNaming::timm);
  if (w.count("vit.embeddings.patch_embeddings.projection.weight") ||
      w.count("embeddings.patch_embeddings.projection.weight"))
    found.push_back(VitNaming::hugging_face);
  if (found.size() > 1)
    throw Error(std::string("the file mixes ViT namings (") + naming_name(found[0]) + " and " + naming_name(found[1]) +
                "): one model per file");
  if (found.empty()) {
    std::string seen;
    int shown = 0;
    for (const auto& entry : w)
      if (!is_data(entry.first) && shown++ < 3) seen += (seen.empty() ? "" : ", ") + quote_name(entry.first);
    throw Error("not a ViT checkpoint: no patch embedding (conv_proj.weight, patch_embed.proj.weight or "
                "vit.embeddings.patch_embeddings.projection.weight)" +
                other_architecture(w) + (seen.empty() ? "; it holds no tensors" : "; it holds " + seen + (shown > 3 ? ", ..." : "")));
  }
  return found[0];
}

VitCheckpoint load_vit_checkpoint(const TensorMap& w, const VitHints& hints) {
  const VitNaming id = detect_vit_naming(w);
  const Naming n = naming_rules(id, w);
  const VitPooling pooling = timm_pooling(n, hints);
  VitCheckpoint out{vit_zeros(config_from_shapes(n, w, hints, pooling)), id, hints.labels, {}};
  out.preprocess = preprocess_for(out.model.config, id, hints);

  // Each of the core's tensors from its source(s) in the file, stacked along the first dim.
  std::set<std::string> used;
  visit_params(out.model, "", [&](const ParamRef& p) {
    const std::vector<std::string> names = source_names(n, p.name);
    std::vector<int64_t> part = p.shape;
    part[0] /= static_cast<int64_t>(names.size());
    float* dest = p.data;
    for (const std::string& name : names) {
      const auto it = w.find(name);
      if (it == w.end())
        throw Error("missing tensor " + quote_name(name) + " (expected shape " + shape_str(part) + ", " +
                    naming_name(id) + " ViT naming)");
      const Tensor& t = it->second;
      if (t.shape != part || static_cast<int64_t>(t.data.size()) != numel(part))
        throw Error("tensor " + quote_name(name) + " has shape " + shape_str(t.shape) + ", expected " + shape_str(part));
      const auto bad = std::find_if(t.data.begin(), t.data.end(), [](float v) { return !std::isfinite(v); });
      if (bad != t.data.end())
        throw Error("tensor " + quote_name(name) + " contains " + (std::isnan(*bad) ? "NaN" : "Inf") + " at index " +
                    std::to_string(bad - t.data.begin()));
      dest = std::copy(t.data.begin(), t.data.end(), dest);
      used.insert(name);
    }
  });
  for (const auto& entry : w)
    if (!used.count(entry.first) && !is_data(entry.first))
      throw Error("unexpected tensor " + quote_name(entry.first) + " (not part of a " + naming_name(id) + " ViT with " +
                  std::to_string(out.model.config.depth) + " layers)");

  const size_t classes = static_cast<size_t>(out.model.config.num_classes);
  if (!out.labels.empty() && out.labels.size() != classes)
    throw Error("config gives " + std::to_string(out.labels.size()) + " labels, but " +
                quote_name(source_names(n, "heads.head.weight")[0]) + " has " + std::to_string(classes) +
                " classes");
  return out;
}

VitCheckpoint parse_vit_checkpoint(const uint8_t* bytes, size_t size, const VitHints& hints) {
  if (size > static_cast<size_t>(kMaxCheckpointBytes))
    throw Error("checkpoint of " + bytes_str(static_cast<int64_t>(size)) + " is larger than the limit of " +
                bytes_str(kMaxCheckpointBytes));
  // [u64 header length]["{" ... JSON header]: anything else is some other kind of file.
  if (size < 9 || bytes[8] != '{')
    throw Error("not a safetensors file (a checkpoint is an 8-byte length, then a JSON header)");
  return load_vit_checkpoint(parse_safetensors(bytes, size), hints);
}

VitCheckpoint read_vit_checkpoint(const std::string& path, const VitHints& hints) {
  const std::vector<uint8_t> bytes = read_file_bytes(path, kMaxCheckpointBytes, "checkpoint");
  try {
    return parse_vit_checkpoint(bytes.data(), bytes.size(), hints);
  } catch (const Error& e) {
    throw Error(quote_name(path) + ": " + e.what());
  }
}

std::vector<std::string> default_labels(int classes, const std::string& models_dir) {
  std::vector<std::string> labels;
  if (classes == 1000) {
    labels = read_vit_hints(models_dir + "/imagenet-1k-labels.txt").labels;
    if (labels.size() == 1000) return labels;
    throw Error("models/imagenet-1k-labels.txt does not hold 1000 names");
  }
  for (int i = 0; i < classes; ++i) labels.push_back(std::to_string(i));
  return labels;
}

void fill_default_labels(VitCheckpoint& checkpoint, const std::string& models_dir) {
  if (checkpoint.labels.empty()) checkpoint.labels = default_labels(checkpoint.model.config.num_classes, models_dir);
}

}  // namespace vp
