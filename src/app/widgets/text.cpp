#include "app/widgets/text.h"

#include <algorithm>

#include <imgui.h>

namespace vp::app {

namespace {
// Long lines are hard to read: wrap at the window edge or at 46 em, whichever is nearer.
void push_wrap() {
  const float right = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 46);
  ImGui::PushTextWrapPos(ImGui::GetCursorPos().x + right);
}
}  // namespace

void heading(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(120, 190, 255, 255));
  push_wrap();
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

void paragraph(const char* text) {
  push_wrap();
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
}

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
  push_wrap();
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

void error_text(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 110, 100, 255));
  push_wrap();
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

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
