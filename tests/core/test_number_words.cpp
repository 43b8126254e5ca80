// The numbers-translator's data: English words and Chinese numerals for 0..9999, checked
// by hand on a table of examples and by properties over every number.
#include <set>

#include <catch2/catch.hpp>

#include "train/number_words.h"

TEST_CASE("number words: hand-checked English and Chinese", "[numbers]") {
  struct Example {
    int n;
    const char* english;
    const char* chinese;
  };
  const Example examples[] = {
      {0, "zero", "零"},
      {7, "seven", "七"},
      {10, "ten", "十"},
      {12, "twelve", "十二"},
      {19, "nineteen", "十九"},
      {20, "twenty", "二十"},
      {23, "twenty three", "二十三"},
      {99, "ninety nine", "九十九"},
      {100, "one hundred", "一百"},
      {101, "one hundred one", "一百零一"},
      {110, "one hundred ten", "一百一十"},
      {115, "one hundred fifteen", "一百一十五"},
      {250, "two hundred fifty", "二百五十"},
      {1000, "one thousand", "一千"},
      {1001, "one thousand one", "一千零一"},
      {1005, "one thousand five", "一千零五"},
      {1010, "one thousand ten", "一千零一十"},
      {1100, "one thousand one hundred", "一千一百"},
      {1234, "one thousand two hundred thirty four", "一千二百三十四"},
      {2000, "two thousand", "二千"},
      {2019, "two thousand nineteen", "二千零一十九"},
      {3405, "three thousand four hundred five", "三千四百零五"},
      {4020, "four thousand twenty", "四千零二十"},
      {7777, "seven thousand seven hundred seventy seven", "七千七百七十七"},
      {9999, "nine thousand nine hundred ninety nine", "九千九百九十九"},
  };
  for (const auto& e : examples) {
    INFO(e.n);
    CHECK(vp::english_number_words(e.n) == e.english);
    CHECK(vp::chinese_numeral(e.n) == e.chinese);
    CHECK(vp::parse_english_number(vp::english_tokens(e.english)) == e.n);
  }
}

TEST_CASE("number words: every number distinct, round trip, known tokens", "[numbers]") {
  const vp::Vocabulary english = vp::english_number_vocabulary(), chinese = vp::chinese_numeral_vocabulary();
  CHECK(english.words.size() == 3 + 20 + 8 + 2);
  CHECK(chinese.words.size() == 3 + 10 + 3);
  std::set<std::string> seen_english, seen_chinese;
  size_t longest_english = 0, longest_chinese = 0;
  for (int n = 0; n <= vp::kMaxNumber; ++n) {
    const std::string words = vp::english_number_words(n), numeral = vp::chinese_numeral(n);
    seen_english.insert(words);
    seen_chinese.insert(numeral);
    const auto tokens = vp::english_tokens(words);
    const auto characters = vp::chinese_numeral_characters(n);
    longest_english = std::max(longest_english, tokens.size());
    longest_chinese = std::max(longest_chinese, characters.size());
    if (vp::parse_english_number(tokens) != n) FAIL("round trip fails for " << n);
    for (const auto& t : tokens)
      if (english.id(t) <= vp::kEndId) FAIL("unknown English token " << t);
    for (const auto& c : characters)
      if (chinese.id(c) <= vp::kEndId) FAIL("unknown Chinese token " << c);
    // no 两, no doubled 零, never ends in 零 (except zero itself), 十 only leads as 十..十九
    if (numeral.find("两") != std::string::npos || numeral.find("零零") != std::string::npos) FAIL(numeral);
    if (n > 0 && characters.back() == "零") FAIL(numeral);
    if (characters.front() == "十" && (n < 10 || n > 19)) FAIL(numeral);
  }
  CHECK(seen_english.size() == 10000);
  CHECK(seen_chinese.size() == 10000);
  CHECK(longest_english == 6);  // "seven thousand seven hundred seventy seven"
  CHECK(longest_chinese == 7);  // 七千七百七十七
}

TEST_CASE("number words: the held-out rule", "[numbers]") {
  int held_out = 0;
  for (int n = 0; n <= vp::kMaxNumber; ++n) held_out += vp::is_held_out_number(n);
  CHECK(held_out == 1429);  // 3, 10, ..., 9996, 9999
  CHECK(vp::is_held_out_number(3));
  CHECK(vp::is_held_out_number(9999));
  CHECK_FALSE(vp::is_held_out_number(23));
}

TEST_CASE("number words: what people type, and refusals", "[numbers]") {
  CHECK(vp::english_tokens("  Twenty-Three\t") == std::vector<std::string>{"twenty", "three"});
  CHECK(vp::parse_english_number(vp::english_tokens("Two Thousand  Nineteen")) == 2019);
  auto refusal = [](const std::string& text) {
    try {
      vp::parse_english_number(vp::english_tokens(text));
    } catch (const vp::Error& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK_THAT(refusal(""), Catch::Contains("no words"));
  CHECK_THAT(refusal("twenty tree"), Catch::Contains("unknown word \"tree\""));
  CHECK_THAT(refusal("one hundred and five"), Catch::Contains("unknown word \"and\""));
  CHECK_THAT(refusal("<s>"), Catch::Contains("unknown word"));
  CHECK_THAT(refusal("ten thousand"), Catch::Contains("10000, more than 9999"));
  CHECK_THAT(refusal("hundred hundred hundred hundred hundred"), Catch::Contains("over a million"));
  CHECK_THAT(refusal("nine hundred thousand"), Catch::Contains("900000, more than 9999"));
  CHECK_THAT(refusal("five twenty"), Catch::Contains("not a number"));
  CHECK_THAT(refusal("hundred"), Catch::Contains("\"one hundred\""));
  CHECK_THROWS_AS(vp::english_number_words(-1), vp::Error);
  CHECK_THROWS_AS(vp::chinese_numeral(10000), vp::Error);
}
