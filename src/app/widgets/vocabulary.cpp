#include "app/widgets/vocabulary.h"

#include <cstdio>

#include <imgui.h>

#include "app/i18n.h"
#include "app/widgets/text.h"

namespace vp::app {

void vocabulary_tooltip(const Vocabulary& vocabulary) {
  if (!ImGui::IsItemHovered()) return;
  std::string known;
  for (const auto& w : vocabulary.words) known += w + " ";
  ImGui::SetTooltip("%s\n%s", tr("Vocabulary (unknown words become <unk>):", "词表（未知的词记为 <unk>）："),
                    known.c_str());
}

void unknown_words_note(const std::vector<std::string>& words) {
  for (const auto& w : words) {
    char text[200];
    std::snprintf(text, sizeof(text),
                  tr("'%s' is not in the toy vocabulary: it is read as <unk>.", "“%s”不在这个小词表里：按 <unk> 处理。"),
                  w.c_str());
    error_text(text);
  }
}

std::vector<std::string> unknown_words(const Vocabulary& vocabulary, const std::vector<std::string>& tokens) {
  std::vector<std::string> unknown;
  for (const auto& t : tokens)
    if (vocabulary.id(t) == vocabulary.unknown) unknown.push_back(t);
  return unknown;
}

}  // namespace vp::app
