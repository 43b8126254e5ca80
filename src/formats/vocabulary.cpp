#include "formats/vocabulary.h"

#include <algorithm>

namespace vp {

int Vocabulary::id(const std::string& word) const {
  const auto it = std::find(words.begin(), words.end(), word);
  return it == words.end() ? unknown : static_cast<int>(it - words.begin());
}

std::vector<int> Vocabulary::ids(const std::vector<std::string>& tokens) const {
  std::vector<int> out;
  for (const auto& t : tokens) out.push_back(id(t));
  return out;
}

bool Vocabulary::contains(const std::string& word) const {
  return std::find(words.begin(), words.end(), word) != words.end();
}

}  // namespace vp
