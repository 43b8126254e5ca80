// vitplay-cli run mha|encoder-layer|decoder-layer --weights W.safetensors --input X.safetensors
//     --out Y.safetensors [--heads H] [--causal] [--norm-first] [--activation relu|gelu]
//     [--memory M.safetensors]
// vitplay-cli run vit --weights W.safetensors --input X.safetensors --out Y.safetensors [--heads H]
//     [--config C]   (torchvision, timm or Hugging Face naming, see models/vit_naming.h)
// vitplay-cli grad OP ... --grad-y G.safetensors: the same forward, then the backward pass
#include <cstdio>

#include "mains/cli/cli.h"
#include "models/torch_layers.h"
#include "models/vit_checkpoint.h"
#include "models/vit_naming.h"

namespace vp::cli {

namespace {

const Tensor& require_tensor(const TensorMap& tensors, const std::string& name, const std::string& path) {
  auto it = tensors.find(name);
  if (it == tensors.end()) throw Error(quote_name(path) + " has no tensor " + quote_name(name));
  return it->second;
}

void write_outputs(const std::string& out_path, const TensorMap& outputs) {
  write_safetensors(out_path, outputs);
  std::printf("y %s", shape_str(outputs.at("y").shape).c_str());
  if (outputs.size() > 1) std::printf(" and %zu gradients", outputs.size() - 1);
  std::printf(" written to %s\n", out_path.c_str());
}

// y for run; with grad_y (grad), also every gradient.
TensorMap run_vit_command(const Args& a, const Tensor* grad_y) {
  for (const char* flag : {"--causal", "--norm-first", "--activation", "--memory"})
    if (a.has(flag)) throw Error(std::string(flag) + " does not apply to vit");
  const std::string input_path = a.require("--input");
  VitHints hints = a.has("--config") ? read_vit_hints(a.get("--config")) : VitHints{};
  hints.heads = a.get_int("--heads", hints.heads, 1, 4096);
  const Vit model = read_vit_checkpoint(a.require("--weights"), hints).model;
  const TensorMap inputs = read_safetensors(input_path);
  const Tensor& x = require_tensor(inputs, "x", input_path);
  if (grad_y) return grad_vit(model, x, *grad_y);
  return {{"y", run_vit(model, x)}};
}

// run (grad = false) and grad (grad = true) take the same flags; grad also reads --grad-y.
int run_command(const std::vector<std::string>& argv, bool grad) {
  std::vector<std::string> value_flags = {"--weights", "--input", "--out", "--heads", "--activation", "--memory",
                                          "--config", "--threads"};
  if (grad) value_flags.push_back("--grad-y");
  Args a = parse_args(argv, value_flags, {"--causal", "--norm-first"});
  use_threads(a);
  const char* command = grad ? "grad" : "run";
  if (a.positional.size() != 1)
    throw Error(std::string(command) + " takes one model: mha, encoder-layer, decoder-layer or vit");
  const std::string out_path = a.require("--out");
  TensorMap grad_file;
  const Tensor* grad_y = nullptr;
  if (grad) {
    grad_file = read_safetensors(a.require("--grad-y"));
    grad_y = &require_tensor(grad_file, "y.grad", a.get("--grad-y"));
  }
  if (a.positional[0] == "vit") {
    write_outputs(out_path, run_vit_command(a, grad_y));
    return 0;
  }
  const TorchLayer layer = parse_torch_layer(a.positional[0]);
  if (a.has("--config")) throw Error("--config applies to vit only");
  TorchLayerOptions options;
  options.heads = a.get_int("--heads", 1, 1, 4096);
  options.causal = a.has("--causal");
  options.norm_first = a.has("--norm-first");
  options.activation = parse_activation(a.get("--activation", "relu"));
  const std::string weights_path = a.require("--weights"), input_path = a.require("--input");

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

  if (grad_y)
    write_outputs(out_path, grad_torch_layer(layer, options, weights, x, memory, *grad_y));
  else
    write_outputs(out_path, {{"y", run_torch_layer(layer, options, weights, x, memory)}});
  return 0;
}

}  // namespace

int cmd_run(const std::vector<std::string>& argv) { return run_command(argv, false); }
int cmd_grad(const std::vector<std::string>& argv) { return run_command(argv, true); }

}  // namespace vp::cli
