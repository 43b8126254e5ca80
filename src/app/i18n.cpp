#include "app/i18n.h"

#include <cstring>

namespace vp::app {

namespace {

struct Text {
  const char* key;
  const char* en;
  const char* zh;
};

// Keys are short English ids; keep them sorted by scene.
const Text kTexts[] = {
    {"scene.self-attention", "Self-attention", "自注意力"},
    {"scene.multi-head", "Multi-head attention", "多头注意力"},
    {"scene.encoder", "Encoder block", "编码器"},
    {"scene.decoder", "Decoder", "解码器"},
    {"scene.embedding", "Embedding", "词嵌入"},
    {"scene.positional-encoding", "Positional encoding", "位置编码"},
    {"scene.cnn-vs-attention", "CNN vs self-attention", "CNN 与自注意力"},
};

Lang g_lang = Lang::en;

}  // namespace

void set_lang(Lang lang) { g_lang = lang; }
Lang current_lang() { return g_lang; }

const char* tr(const char* key) {
  for (const Text& t : kTexts)
    if (std::strcmp(t.key, key) == 0) return g_lang == Lang::zh ? t.zh : t.en;
  return key;
}

}  // namespace vp::app
