// Checkpoints from strangers: any safetensors file, read as the weights of each PyTorch layer
// vitplay runs (names, shapes that disagree, heads that do not divide d, NaN weights), must
// run or be refused with vp::Error. The first byte picks the layer and its options.
#include <cstddef>
#include <cstdint>

#include "models/torch_layers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t options_byte = data[0];
  try {
    const vp::TensorMap weights = vp::parse_safetensors(data + 1, size - 1);
    vp::TorchLayerOptions options;
    options.heads = 1 + (options_byte >> 4);  // 1..16
    options.causal = options_byte & 1;
    options.norm_first = options_byte & 2;
    options.activation = options_byte & 4 ? vp::Activation::gelu : vp::Activation::relu;
    const auto layer = static_cast<vp::TorchLayer>((options_byte >> 3) % 3);
    // the inputs come from the file when it has them (fixtures do), else a small default
    auto input = [&](const char* name) {
      const auto it = weights.find(name);
      return it != weights.end() ? it->second : vp::Tensor{{2, 4}, std::vector<float>(8, 0.5f)};
    };
    const vp::Tensor x = input("x"), memory = input("memory");
    const vp::Tensor y = vp::run_torch_layer(layer, options, weights, x, &memory);
    if (y.shape != x.shape) __builtin_trap();
  } catch (const vp::Error&) {
  }
  return 0;
}
