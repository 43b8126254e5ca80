// vitplay-cli run mha|encoder-layer|decoder-layer --weights W.safetensors --input X.safetensors
//     --out Y.safetensors [--heads H] [--causal] [--norm-first] [--activation relu|gelu]
//     [--memory M.safetensors]
// vitplay-cli run vit --weights W.safetensors --input X.safetensors --out Y.safetensors [--heads H]
#include <cstdio>

#include "cli/cli.h"
#include "core/torch_layers.h"
#include "core/vit_checkpoint.h"

namespace vp::cli {

namespace {

const Tensor& require_tensor(const TensorMap& tensors, const std::string& name, const std::string& path) {
  auto it = tensors.find(name);
  if (it == tensors.end()) throw Error(quote_name(path) + " has no tensor " + quote_name(name));
  return it->second;
}

void write_y(const std::string& out_path, const Tensor& y) {
  write_safetensors(out_path, {{"y", y}});
  std::printf("y %s written to %s\n", shape_str(y.shape).c_str(), out_path.c_str());
}

// torchvision's VisionTransformer: x [C, H, W] or [N, C, H, W] -> logits y [1 or N, classes]
int run_vit_command(const Args& a) {
  for (const char* flag : {"--causal", "--norm-first", "--activation", "--memory"})
    if (a.has(flag)) throw Error(std::string(flag) + " does not apply to vit");
  const std::string input_path = a.require("--input");
  const Vit model = load_vit(read_safetensors(a.require("--weights")), a.get_int("--heads", 1, 1, 4096));
  const TensorMap inputs = read_safetensors(input_path);
  write_y(a.require("--out"), run_vit(model, require_tensor(inputs, "x", input_path)));
  return 0;
}

}  // namespace

int cmd_run(const std::vector<std::string>& argv) {
  Args a = parse_args(argv, {"--weights", "--input", "--out", "--heads", "--activation", "--memory"},
                      {"--causal", "--norm-first"});
  if (a.positional.size() != 1) throw Error("run takes one model: mha, encoder-layer, decoder-layer or vit");
  if (a.positional[0] == "vit") return run_vit_command(a);
  const TorchLayer layer = parse_torch_layer(a.positional[0]);
  TorchLayerOptions options;
  options.heads = a.get_int("--heads", 1, 1, 4096);
  options.causal = a.has("--causal");
  options.norm_first = a.has("--norm-first");
  options.activation = parse_activation(a.get("--activation", "relu"));
  const std::string weights_path = a.require("--weights"), input_path = a.require("--input");
  const std::string out_path = a.require("--out");

  const TensorMap weights = read_safetensors(weights_path);
  const TensorMap inputs = read_safetensors(input_path);
  const Tensor& x = require_tensor(inputs, "x", input_path);
  // memory: from --memory if given, else (decoder only) from the input file
  TensorMap memory_file;
  const Tensor* memory = nullptr;
  if (a.has("--memory")) {
    memory_file = read_safetensors(a.get("--memory"));
    memory = &require_tensor(memory_file, "memory", a.get("--memory"));
  } else if (layer == TorchLayer::decoder_layer) {
    memory = &require_tensor(inputs, "memory", input_path);
  }

  write_y(out_path, run_torch_layer(layer, options, weights, x, memory));
  return 0;
}

}  // namespace vp::cli
