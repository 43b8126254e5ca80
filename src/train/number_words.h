// The numbers-translator's task: English number words -> Chinese numerals, 0..9999.
//
//   English  lowercase, space separated, no hyphens, no "and":
//            0 -> "zero", 23 -> "twenty three", 3405 -> "three thousand four hundred five"
//   Chinese  the standard reading, with 二 (never 两), 零 for each run of inner zeros,
//            and a bare 十 only at the start:
//            10 -> 十, 12 -> 十二, 20 -> 二十, 101 -> 一百零一, 110 -> 一百一十,
//            1005 -> 一千零五, 1010 -> 一千零一十, 2000 -> 二千
//
// The numbers with n % 7 == 3 (1,429 of the 10,000: 3, 10, ..., 9999) are held out from training.
#pragma once
#include <string>
#include <vector>

#include "nn/tensor.h"  // vp::Error
#include "formats/vocabulary.h"

namespace vp {

constexpr int kMaxNumber = 9999;

// Token ids both vocabularies share.
constexpr int kPadId = 0;    // <pad>: fills short sequences in a batch
constexpr int kStartId = 1;  // <s>:   the decoder's first input
constexpr int kEndId = 2;    // </s>:  the decoder's last output

// Throw vp::Error for n outside 0..kMaxNumber.
std::string english_number_words(int n);
std::vector<std::string> chinese_numeral_characters(int n);  // {"一", "百", "零", "一"}
std::string chinese_numeral(int n);                          // "一百零一"

bool is_held_out_number(int n);  // n % 7 == 3

// <pad> <s> </s> zero one ... nineteen twenty thirty ... ninety hundred thousand
Vocabulary english_number_vocabulary();
// <pad> <s> </s> 零 一 二 三 四 五 六 七 八 九 十 百 千
Vocabulary chinese_numeral_vocabulary();

// What a person typed -> words: lowercase, split at spaces, tabs and hyphens
// ("Twenty-Three" -> {"twenty", "three"}).
std::vector<std::string> english_tokens(const std::string& text);

// The number the words spell, checked against english_number_words (the one spelling
// accepted). Throws vp::Error with one line for no words, an unknown word, a number above
// kMaxNumber, or words in an order that spells no number ("five twenty").
int parse_english_number(const std::vector<std::string>& tokens);

}  // namespace vp
