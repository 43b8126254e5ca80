#include "train/number_words.h"

#include <cctype>


namespace vp {

namespace {

const char* const kOnes[] = {"zero",    "one",     "two",       "three",    "four",     "five",    "six",
                             "seven",   "eight",   "nine",      "ten",      "eleven",   "twelve",  "thirteen",
                             "fourteen", "fifteen", "sixteen",  "seventeen", "eighteen", "nineteen"};
const char* const kTens[] = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
const char* const kChineseDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
const char* const kChineseUnits[] = {"", "十", "百", "千"};  // 10^0 .. 10^3

void require_in_range(int n) {
  if (n < 0 || n > kMaxNumber)
    throw Error("number " + std::to_string(n) + " is outside 0.." + std::to_string(kMaxNumber));
}

void append_word(std::string& text, const char* word) {
  if (!text.empty()) text += ' ';
  text += word;
}

}  // namespace

std::string english_number_words(int n) {
  require_in_range(n);
  if (n == 0) return kOnes[0];
  std::string text;
  if (n >= 1000) {
    append_word(text, kOnes[n / 1000]);
    append_word(text, "thousand");
  }
  if (n % 1000 >= 100) {
    append_word(text, kOnes[n / 100 % 10]);
    append_word(text, "hundred");
  }
  const int rest = n % 100;  // 0..99: "seven", "seventeen", "seventy", "seventy seven"
  if (rest >= 20) {
    append_word(text, kTens[rest / 10]);
    if (rest % 10) append_word(text, kOnes[rest % 10]);
  } else if (rest > 0) {
    append_word(text, kOnes[rest]);
  }
  return text;
}

std::vector<std::string> chinese_numeral_characters(int n) {
  require_in_range(n);
  if (n == 0) return {kChineseDigits[0]};
  std::vector<std::string> out;
  bool zero_pending = false;  // zeros after a written digit: one 零 if another digit follows
  int power = 1000;
  for (int place = 3; place >= 0; --place, power /= 10) {
    const int digit = n / power % 10;
    if (digit == 0) {
      zero_pending = !out.empty();
      continue;
    }
    if (zero_pending) out.push_back(kChineseDigits[0]);
    zero_pending = false;
    // 十二, not 一十二, when the tens lead; 一百一十 keeps its 一
    const bool bare_ten = place == 1 && digit == 1 && out.empty();
    if (!bare_ten) out.push_back(kChineseDigits[digit]);
    if (place > 0) out.push_back(kChineseUnits[place]);
  }
  return out;
}

std::string chinese_numeral(int n) {
  std::string text;
  for (const auto& c : chinese_numeral_characters(n)) text += c;
  return text;
}

bool is_held_out_number(int n) { return n % 7 == 3; }

namespace {

Vocabulary with_special_tokens(const std::vector<std::string>& words) {
  Vocabulary v{{"<pad>", "<s>", "</s>"}, -1};  // no <unk>: unknown words are refused
  v.words.insert(v.words.end(), words.begin(), words.end());
  return v;
}

}  // namespace

Vocabulary english_number_vocabulary() {
  std::vector<std::string> words(std::begin(kOnes), std::end(kOnes));
  for (int t = 2; t < 10; ++t) words.push_back(kTens[t]);
  words.push_back("hundred");
  words.push_back("thousand");
  return with_special_tokens(words);
}

Vocabulary chinese_numeral_vocabulary() {
  std::vector<std::string> chars(std::begin(kChineseDigits), std::end(kChineseDigits));
  for (int place = 1; place < 4; ++place) chars.push_back(kChineseUnits[place]);
  return with_special_tokens(chars);
}

std::vector<std::string> english_tokens(const std::string& text) {
  std::vector<std::string> tokens;
  std::string word;
  for (char c : text + ' ') {
    if (c == ' ' || c == '\t' || c == '-' || c == '\n' || c == '\r') {
      if (!word.empty()) tokens.push_back(word);
      word.clear();
    } else {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return tokens;
}

int parse_english_number(const std::vector<std::string>& tokens) {
  if (tokens.empty()) throw Error("no words to translate (type a number in words, e.g. \"twenty three\")");
  const Vocabulary vocab = english_number_vocabulary();
  // value as spoken: units add up, "hundred" multiplies what came before it, "thousand"
  // closes a group; the result is then checked against the one accepted spelling
  long total = 0, group = 0;
  std::string joined;
  for (const auto& w : tokens) {
    const int id = vocab.id(w);
    if (id <= kEndId) throw Error("unknown word \"" + w + "\" (the translator knows zero..nineteen, twenty..ninety, hundred, thousand)");
    if (w == "hundred") {
      group = (group == 0 ? 1 : group) * 100;
    } else if (w == "thousand") {
      total += (group == 0 ? 1 : group) * 1000;
      group = 0;
    } else {
      for (int v = 0; v < 20; ++v)
        if (w == kOnes[v]) group += v;
      for (int t = 2; t < 10; ++t)
        if (w == kTens[t]) group += 10 * t;
    }
    append_word(joined, w.c_str());
    if (total + group > 1000000) break;  // keeps the sum small; the range check below refuses it
  }
  const long value = total + group;
  if (value > kMaxNumber)
    throw Error("\"" + joined + "\" is " + (value > 1000000 ? "over a million" : std::to_string(value)) +
                ", more than " + std::to_string(kMaxNumber) + " (the translator knows 0.." + std::to_string(kMaxNumber) + ")");
  if (english_number_words(static_cast<int>(value)) != joined)
    throw Error("\"" + joined + "\" is not a number written as the translator reads them (e.g. \"" +
                english_number_words(static_cast<int>(value)) + "\" or \"three thousand four hundred five\")");
  return static_cast<int>(value);
}

}  // namespace vp
