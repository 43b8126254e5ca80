#include "app/widgets/image_view.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "app/widgets/heatmap.h"
#include "platform/gl.h"

namespace vp::app {

namespace {

// One picture's texture, the hash of the pixels it holds, and when it was last drawn.
struct Slot {
  GLuint texture = 0;
  int width = 0, height = 0;
  uint64_t hash = 0;
  bool smooth = false;
  int last_frame = -1;
};

std::unordered_map<ImGuiID, Slot>& slots() {
  static std::unordered_map<ImGuiID, Slot> map;
  return map;
}

// FNV-1a over the bytes that decide the texture: pixels, range, channels.
uint64_t content_hash(const Picture& p) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](const void* data, size_t n) {
    const auto* b = static_cast<const uint8_t*>(data);
    for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  };
  mix(p.planes->data(), sizeof(float) * static_cast<size_t>(p.planes->size()));
  mix(&p.lo, sizeof p.lo);
  mix(&p.hi, sizeof p.hi);
  mix(&p.channels, sizeof p.channels);
  return h;
}

std::vector<uint8_t> to_rgba(const Picture& p, int w, int h) {
  std::vector<uint8_t> rgba(static_cast<size_t>(w) * h * 4, 255);
  const float scale = p.hi > p.lo ? 255.0f / (p.hi - p.lo) : 0.0f;
  for (int r = 0; r < h; ++r)
    for (int c = 0; c < w; ++c)
      for (int k = 0; k < 3; ++k) {
        const float v = (*p.planes)((p.channels == 3 ? k * h : 0) + r, c);
        rgba[(static_cast<size_t>(r) * w + c) * 4 + k] =
            static_cast<uint8_t>(std::clamp((v - p.lo) * scale + 0.5f, 0.0f, 255.0f));
      }
  return rgba;
}

void release_unused() {
  const int frame = ImGui::GetFrameCount();
  for (auto it = slots().begin(); it != slots().end();) {
    if (frame - it->second.last_frame > 60) {
      glDeleteTextures(1, &it->second.texture);
      it = slots().erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace

ImTextureID picture_texture(const char* id, const Picture& p) {
  if (!p.planes || p.planes->size() == 0 || (p.channels != 1 && p.channels != 3)) return nullptr;
  const int w = static_cast<int>(p.planes->cols()), h = static_cast<int>(p.planes->rows()) / p.channels;
  if (w > kMaxTextureSide || h > kMaxTextureSide || h < 1) return nullptr;
  release_unused();
  Slot& slot = slots()[ImGui::GetID(id)];
  slot.last_frame = ImGui::GetFrameCount();
  const uint64_t hash = content_hash(p);
  if (slot.texture && slot.hash == hash && slot.width == w && slot.height == h && slot.smooth == p.smooth)
    return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(slot.texture));
  GLint previous = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
  if (!slot.texture) glGenTextures(1, &slot.texture);
  glBindTexture(GL_TEXTURE_2D, slot.texture);
  const GLint filter = p.smooth ? GL_LINEAR : GL_NEAREST;
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  const std::vector<uint8_t> rgba = to_rgba(p, w, h);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
  slot.width = w, slot.height = h, slot.hash = hash, slot.smooth = p.smooth;
  return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(slot.texture));
}

ImVec2 picture_view(const char* id, const Picture& p, ImVec2 size) {
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 end(pos.x + size.x, pos.y + size.y);
  if (ImTextureID texture = picture_texture(id, p)) draw->AddImage(texture, pos, end);
  else draw->AddRectFilled(pos, end, IM_COL32(60, 60, 60, 255));
  return pos;
}

ImVec2 fit_picture(const Picture& p, float max_w, float max_h) {
  if (!p.planes || p.planes->size() == 0) return ImVec2(max_w, max_h);
  const float w = static_cast<float>(p.planes->cols()), h = static_cast<float>(p.planes->rows() / p.channels);
  const float scale = std::min(max_w / w, max_h / h);
  return ImVec2(w * scale, h * scale);
}

}  // namespace vp::app
