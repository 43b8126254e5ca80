// Files compiled into the app (generated at build time by cmake/make_assets.py).
#pragma once
#include <cstddef>

namespace vp {

struct EmbeddedFile {
  const char* name;
  const unsigned char* data;
  size_t size;
};

EmbeddedFile ui_font();                       // TTF subset: ASCII + every CJK char the app uses
const unsigned short* ui_font_glyph_ranges(); // ImGui glyph ranges (pairs, 0-terminated)
const char* shader_source(const char* name);  // "heatmap.frag.glsl" -> source without #version, or nullptr

// The license notices, from LICENSE and THIRD_PARTY.md (the About panel shows them).
struct Notice {
  const char* section;  // THIRD_PARTY.md's heading ("" for the introduction)
  const char* text;     // one entry: "Dear ImGui 1.86, ...: MIT License. ..."
};
const char* license_text();            // vitplay's LICENSE
const Notice* third_party_notices();   // THIRD_PARTY.md's entries, ending in {nullptr, nullptr}

}  // namespace vp
