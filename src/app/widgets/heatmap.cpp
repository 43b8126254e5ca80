#include "app/widgets/heatmap.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unordered_map>

#include "app/assets.h"
#include "platform/gl.h"

namespace vp::app {

namespace {

constexpr int kLutSize = 256;  // entries of the colour tables read back for the CPU

// Saves the GL state the heatmap pass touches and restores it on scope exit, so the pass
// can run in the middle of building ImGui's frame without disturbing anyone.
class SavedGlState {
 public:
  SavedGlState() {
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &framebuffer_);
    glGetIntegerv(GL_VIEWPORT, viewport_);
    glGetIntegerv(GL_CURRENT_PROGRAM, &program_);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &vertex_array_);
    glGetIntegerv(GL_ACTIVE_TEXTURE, &active_texture_);
    glActiveTexture(GL_TEXTURE0);
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &texture_);
    scissor_ = glIsEnabled(GL_SCISSOR_TEST);
    blend_ = glIsEnabled(GL_BLEND);
  }
  ~SavedGlState() {
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(framebuffer_));
    glViewport(viewport_[0], viewport_[1], viewport_[2], viewport_[3]);
    glUseProgram(static_cast<GLuint>(program_));
    glBindVertexArray(static_cast<GLuint>(vertex_array_));
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(texture_));
    glActiveTexture(static_cast<GLenum>(active_texture_));
    if (scissor_) glEnable(GL_SCISSOR_TEST);
    if (blend_) glEnable(GL_BLEND);
  }

 private:
  GLint framebuffer_ = 0, viewport_[4] = {}, program_ = 0, vertex_array_ = 0, active_texture_ = 0, texture_ = 0;
  GLboolean scissor_ = GL_FALSE, blend_ = GL_FALSE;
};

GLuint compile(GLenum type, const std::string& source, const char* name) {
  GLuint shader = glCreateShader(type);
  const char* text = source.c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[1024] = {};
    glGetShaderInfoLog(shader, sizeof(log), nullptr, log);
    std::fprintf(stderr, "vitplay: shader %s does not compile: %s\n", name, log);
    glDeleteShader(shader);
    return 0;
  }
  return shader;
}

GLuint new_texture(GLint internal_format, int width, int height, GLenum format, GLenum type, const void* data) {
  GLuint texture = 0;
  glGenTextures(1, &texture);
  glBindTexture(GL_TEXTURE_2D, texture);
  // NEAREST: one crisp block per entry, and the only filter WebGL2 allows on R32F
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, internal_format, width, height, 0, format, type, data);
  return texture;
}

// One matrix's GPU resources: its values (R32F) and their colours (RGBA8, an FBO target).
struct Target {
  GLuint values = 0, colors = 0, framebuffer = 0;
  int width = 0, height = 0;
  int last_frame = -1;

  // Frees the GPU resources; last_frame stays (a target resized this frame is in use).
  void release() {
    glDeleteFramebuffers(1, &framebuffer);
    glDeleteTextures(1, &values);
    glDeleteTextures(1, &colors);
    values = colors = framebuffer = 0;
    width = height = 0;
  }
  void resize(int w, int h) {
    if (w == width && h == height) return;
    release();
    width = w;
    height = h;
    values = new_texture(GL_R32F, w, h, GL_RED, GL_FLOAT, nullptr);
    colors = new_texture(GL_RGBA8, w, h, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glGenFramebuffers(1, &framebuffer);
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, colors, 0);
  }
};

class HeatmapRenderer {
 public:
  // Null when the shaders failed: callers fall back to flat colours.
  static HeatmapRenderer* get() {
    static HeatmapRenderer renderer;
    return renderer.program_ ? &renderer : nullptr;
  }

  ImTextureID render(ImGuiID key, const Mat& m, ColorMap map, float lo, float hi) {
    collect_garbage();
    const int frame = ImGui::GetFrameCount();
    // the same id twice in one frame (a scene showing one matrix twice) gets its own target
    while (targets_[key].last_frame == frame) key = key * 31u + 7u;
    Target& target = targets_[key];
    target.last_frame = frame;

    SavedGlState saved;
    target.resize(static_cast<int>(m.cols()), static_cast<int>(m.rows()));
    glBindTexture(GL_TEXTURE_2D, target.values);
    // Mat is row-major: row r of the matrix is texel row r, which the shader draws at v = r / rows
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, target.width, target.height, GL_RED, GL_FLOAT, m.data());
    draw(target, map, lo, hi);
    return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(target.colors));
  }

  ImU32 lookup(ColorMap map, float t) const {
    const int i = std::clamp(static_cast<int>(t * (kLutSize - 1) + 0.5f), 0, kLutSize - 1);
    return luts_[static_cast<int>(map)][i];
  }
  ImTextureID lut_texture(ColorMap map) const {
    return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(lut_targets_[static_cast<int>(map)].colors));
  }

 private:
  HeatmapRenderer() {
    const char* vertex = shader_source("heatmap.vert.glsl");
    const char* colormap = shader_source("colormap.glsl");
    const char* fragment = shader_source("heatmap.frag.glsl");
    if (!vertex || !colormap || !fragment) {
      std::fprintf(stderr, "vitplay: heatmap shaders are missing from the embedded assets\n");
      return;
    }
    const std::string version = glsl_version_line();
    GLuint vs = compile(GL_VERTEX_SHADER, version + vertex, "heatmap.vert.glsl");
    GLuint fs = compile(GL_FRAGMENT_SHADER, version + colormap + "\n" + fragment, "heatmap.frag.glsl");
    if (!vs || !fs) return;
    GLuint program = glCreateProgram();
    glAttachShader(program, vs);
    glAttachShader(program, fs);
    glLinkProgram(program);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (!ok) {
      std::fprintf(stderr, "vitplay: heatmap shader program does not link\n");
      glDeleteProgram(program);
      return;
    }
    program_ = program;
    u_values_ = glGetUniformLocation(program, "u_values");
    u_lo_ = glGetUniformLocation(program, "u_lo");
    u_hi_ = glGetUniformLocation(program, "u_hi");
    u_map_ = glGetUniformLocation(program, "u_map");
    glGenVertexArrays(1, &vertex_array_);  // core profiles need one bound, even with no buffers
    build_luts();
  }

  void draw(const Target& target, ColorMap map, float lo, float hi) {
    glBindFramebuffer(GL_FRAMEBUFFER, target.framebuffer);
    glViewport(0, 0, target.width, target.height);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_BLEND);
    glUseProgram(program_);
    glBindVertexArray(vertex_array_);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, target.values);
    glUniform1i(u_values_, 0);
    glUniform1f(u_lo_, lo);
    glUniform1f(u_hi_, hi);
    glUniform1i(u_map_, static_cast<int>(map));
    glDrawArrays(GL_TRIANGLES, 0, 3);
  }

  // Renders a 0..1 ramp through each colour map and reads the colours back: the CPU's
  // copy of the maps comes from the one GLSL definition.
  void build_luts() {
    SavedGlState saved;
    Mat ramp(1, kLutSize);
    for (int i = 0; i < kLutSize; ++i) ramp(0, i) = static_cast<float>(i) / (kLutSize - 1);
    for (int map = 0; map < 2; ++map) {
      Target& target = lut_targets_[map];
      target.resize(kLutSize, 1);
      glBindTexture(GL_TEXTURE_2D, target.values);
      glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, kLutSize, 1, GL_RED, GL_FLOAT, ramp.data());
      draw(target, static_cast<ColorMap>(map), 0.0f, 1.0f);
      unsigned char rgba[kLutSize * 4] = {};
      glPixelStorei(GL_PACK_ALIGNMENT, 4);
      glReadPixels(0, 0, kLutSize, 1, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
      for (int i = 0; i < kLutSize; ++i)
        luts_[map][i] = IM_COL32(rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2], 255);
    }
  }

  // Frees the targets of matrices no longer shown (scene or step changed).
  void collect_garbage() {
    const int frame = ImGui::GetFrameCount();
    if (frame == last_collected_) return;
    last_collected_ = frame;
    for (auto it = targets_.begin(); it != targets_.end();) {
      if (frame - it->second.last_frame > 60) {
        it->second.release();
        it = targets_.erase(it);
      } else {
        ++it;
      }
    }
  }

  GLuint program_ = 0, vertex_array_ = 0;
  GLint u_values_ = -1, u_lo_ = -1, u_hi_ = -1, u_map_ = -1;
  std::unordered_map<ImGuiID, Target> targets_;
  Target lut_targets_[2];
  ImU32 luts_[2][kLutSize] = {};
  int last_collected_ = -1;
};

// Without shaders (never expected, but a broken driver must not crash the app): grey ramp.
ImU32 fallback_color(float t) {
  const int g = static_cast<int>(40 + 200 * std::clamp(t, 0.0f, 1.0f));
  return IM_COL32(g, g, g, 255);
}

}  // namespace

ImTextureID heatmap_texture(const char* id, const Mat& m, ColorMap map, float lo, float hi) {
  HeatmapRenderer* renderer = HeatmapRenderer::get();
  if (!renderer || m.rows() < 1 || m.cols() < 1 || m.rows() > kMaxTextureSide || m.cols() > kMaxTextureSide) return nullptr;
  return renderer->render(ImGui::GetID(id), m, map, lo, hi);
}

void heatmap(const char* id, const Mat& m, ImVec2 size, ColorMap map, float lo, float hi, int* hover_row,
             int* hover_col) {
  if (hover_row) *hover_row = -1;
  if (hover_col) *hover_col = -1;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 end(pos.x + size.x, pos.y + size.y);
  if (ImTextureID texture = heatmap_texture(id, m, map, lo, hi)) {
    draw->AddImage(texture, pos, end);
  } else {
    draw->AddRectFilled(pos, end, fallback_color(0.5f));
  }
  if (ImGui::IsItemHovered() && m.rows() > 0 && m.cols() > 0) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const int col = std::clamp(static_cast<int>((mouse.x - pos.x) / size.x * m.cols()), 0, int(m.cols()) - 1);
    const int row = std::clamp(static_cast<int>((mouse.y - pos.y) / size.y * m.rows()), 0, int(m.rows()) - 1);
    if (hover_row) *hover_row = row;
    if (hover_col) *hover_col = col;
  }
}

void colormap_legend(ColorMap map, float lo, float hi, float width) {
  char lo_text[32], hi_text[32];
  std::snprintf(lo_text, sizeof(lo_text), "%.3g", lo);
  std::snprintf(hi_text, sizeof(hi_text), "%.3g", hi);
  const float lo_w = ImGui::CalcTextSize(lo_text).x, hi_w = ImGui::CalcTextSize(hi_text).x;
  const float gap = ImGui::GetStyle().ItemInnerSpacing.x;
  const float bar_w = std::max(width - lo_w - hi_w - 2 * gap, ImGui::GetFontSize() * 2);
  const float h = ImGui::GetTextLineHeight();
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 text_color = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  draw->AddText(pos, text_color, lo_text);
  const ImVec2 bar_min(pos.x + lo_w + gap, pos.y + h * 0.2f), bar_max(bar_min.x + bar_w, pos.y + h * 0.8f);
  if (HeatmapRenderer* renderer = HeatmapRenderer::get()) {
    draw->AddImage(renderer->lut_texture(map), bar_min, bar_max);
  } else {
    draw->AddRectFilledMultiColor(bar_min, bar_max, fallback_color(0), fallback_color(1), fallback_color(1),
                                  fallback_color(0));
  }
  draw->AddText(ImVec2(bar_max.x + gap, pos.y), text_color, hi_text);
  ImGui::Dummy(ImVec2(lo_w + bar_w + hi_w + 2 * gap, h));
}

ImU32 colormap_color(ColorMap map, float t) {
  if (HeatmapRenderer* renderer = HeatmapRenderer::get()) return renderer->lookup(map, t);
  return fallback_color(t);
}

}  // namespace vp::app
