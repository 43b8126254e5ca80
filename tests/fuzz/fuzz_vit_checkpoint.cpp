// ViT checkpoints and configs from strangers: any bytes as a safetensors file in any of the
// three namings, with an optional config (JSON or a labels file), must load or be refused
// with vp::Error: names, shapes that disagree, heads not dividing the width, labels that do
// not match the classes. A small model that loads runs one forward pass.
//
// Input: [heads][config length n][n bytes of config][safetensors bytes]
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "models/vit_naming.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const uint8_t heads = data[0];
  const size_t config_size = std::min<size_t>(data[1], size - 2);
  const uint8_t* checkpoint = data + 2 + config_size;
  try {
    vp::VitHints hints;
    if (config_size) hints = vp::parse_vit_hints(std::string(data + 2, checkpoint));
    if (heads) hints.heads = heads;
    const vp::VitCheckpoint ck = vp::parse_vit_checkpoint(checkpoint, size - 2 - config_size, hints);
    const vp::VitConfig& c = ck.model.config;
    if (c.dim * c.depth * (c.num_patches() + 1) <= 1 << 16) {
      const vp::Mat logits = vp::vit_forward(ck.model, vp::Mat::Constant(c.channels * c.image_size, c.image_size, 0.5f));
      if (logits.rows() != 1 || logits.cols() != c.num_classes) __builtin_trap();
    }
  } catch (const vp::Error&) {
  }
  return 0;
}
