// How the scenes built on the toy transformer show its vocabularies.
#pragma once
#include <string>
#include <vector>

#include "models/toy_transformer.h"

namespace vp::app {

// While the last item (the text field the words are typed into) is hovered: the known words.
void vocabulary_tooltip(const Vocabulary& vocabulary);

// One red line per typed word the vocabulary does not know ("'foo' ... is read as <unk>").
void unknown_words_note(const std::vector<std::string>& words);

// The words typed that the vocabulary does not know, in order.
std::vector<std::string> unknown_words(const Vocabulary& vocabulary, const std::vector<std::string>& tokens);

}  // namespace vp::app
