#include "app/widgets/text.h"

#include <algorithm>
#include <iterator>
#include <string>

#include <imgui.h>

namespace vp::app {

namespace {
// Long lines are hard to read: wrap at the window edge or at 46 em, whichever is nearer.
float wrap_width() { return std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 46); }

void push_wrap() { ImGui::PushTextWrapPos(ImGui::GetCursorPos().x + wrap_width()); }

// Bytes in the UTF-8 character starting with byte c.
int utf8_length(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

// Chinese, Japanese and full-width characters: a line may break before or after any of them.
bool is_cjk(const char* p) {
  const auto c = static_cast<unsigned char>(*p);
  return c >= 0xE2 && utf8_length(c) >= 3;  // U+2E80 and up (and a few symbols, harmlessly)
}

// Closing punctuation stays on the line of the character before it (，。：；！？）」、).
bool is_closing_punctuation(const std::string& unit) {
  static const char* const closers[] = {"，", "。", "：", "；", "！", "？", "）", "」", "、", "”"};
  return std::any_of(std::begin(closers), std::end(closers), [&](const char* c) { return unit == c; });
}

// ImGui 1.86 wraps only at spaces, so a Chinese paragraph (no spaces) would break at the
// odd ASCII space and overflow elsewhere. This wraps at spaces and between CJK characters.
void wrapped_text(const char* text) {
  const float width = wrap_width();
  std::string line, pending_space;
  float line_width = 0;
  auto flush = [&] {
    ImGui::TextUnformatted(line.c_str());
    line.clear();
    pending_space.clear();
    line_width = 0;
  };
  for (const char* p = text; *p;) {
    if (*p == '\n') {
      flush();
      ++p;
      continue;
    }
    if (*p == ' ') {
      pending_space += ' ';
      ++p;
      continue;
    }
    // the next unit: one CJK character, or a run of other characters up to a space or CJK
    const char* end = p + (is_cjk(p) ? utf8_length(static_cast<unsigned char>(*p)) : 0);
    if (end == p)
      while (*end && *end != ' ' && *end != '\n' && !is_cjk(end)) end += utf8_length(static_cast<unsigned char>(*end));
    const std::string unit(p, end);
    const float unit_width = ImGui::CalcTextSize((pending_space + unit).c_str()).x;
    if (!line.empty() && line_width + unit_width > width && !is_closing_punctuation(unit)) {
      flush();
      line = unit;
      line_width = ImGui::CalcTextSize(unit.c_str()).x;
    } else {
      line += pending_space + unit;
      line_width += unit_width;
    }
    pending_space.clear();
    p = end;
  }
  if (!line.empty()) flush();
}
}  // namespace

void heading(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(120, 190, 255, 255));
  push_wrap();
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

void paragraph(const char* text) { wrapped_text(text); }

void formula(const std::string& text) {
  const ImVec2 pad(ImGui::GetFontSize() * 0.6f, ImGui::GetFontSize() * 0.3f);
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(pos, ImVec2(pos.x + size.x + 2 * pad.x, pos.y + size.y + 2 * pad.y), IM_COL32(40, 48, 64, 255),
                      ImGui::GetFontSize() * 0.25f);
  draw->AddText(ImVec2(pos.x + pad.x, pos.y + pad.y), IM_COL32(235, 235, 200, 255), text.c_str());
  ImGui::Dummy(ImVec2(size.x + 2 * pad.x, size.y + 2 * pad.y));
}

void note(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 200, 90, 255));
  wrapped_text(text);
  ImGui::PopStyleColor();
}

void error_text(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 110, 100, 255));
  push_wrap();
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

float em(float n) { return n * ImGui::GetFontSize(); }

}  // namespace vp::app

namespace vp::app {

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char ch : text + " ") {
    if (ch == ' ' || ch == '\t') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += ch;
    }
  }
  return words;
}

std::vector<std::string> split_characters(const std::string& text) {
  std::vector<std::string> chars;
  for (size_t i = 0; i < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    // UTF-8: the lead byte says how many bytes the character has
    const size_t len = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
    const std::string ch = text.substr(i, len);
    if (ch != " " && ch != "\t") chars.push_back(ch);
    i += len;
  }
  return chars;
}

}  // namespace vp::app
