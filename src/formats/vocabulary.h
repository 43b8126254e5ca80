// A vocabulary: the list of tokens a model reads or writes, position = token id.
#pragma once
#include <string>
#include <vector>

namespace vp {

struct Vocabulary {
  std::vector<std::string> words;  // id -> word
  int unknown = 0;                 // id given to words not in the list (-1: none, see contains)
  int id(const std::string& word) const;
  std::vector<int> ids(const std::vector<std::string>& tokens) const;
  bool contains(const std::string& word) const;
};

}  // namespace vp
