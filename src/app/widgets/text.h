// Text blocks the scenes share, so every scene reads the same way: a heading, wrapped
// paragraphs, the step's formula in a box, and notes (warnings like "untrained weights").
#pragma once
#include <string>
#include <vector>

namespace vp::app {

void heading(const char* text);               // accent-coloured title line
void paragraph(const char* text);             // wrapped at the content width, at most 46 em (readable lines)
void formula(const std::string& text);        // a framed formula line, e.g. "scores = Q K^T"
void note(const char* text);                  // a highlighted remark (amber)
void error_text(const std::string& text);     // what went wrong (red), e.g. a refused input

// n times the font size: lengths that scale with the text (and so with the UI scale).
float em(float n);

}  // namespace vp::app

namespace vp::app {

// "I  Love China" -> {"I", "Love", "China"} (split at spaces)
std::vector<std::string> split_words(const std::string& text);
// "我爱 中国" -> {"我", "爱", "中", "国"} (UTF-8 characters, spaces dropped)
std::vector<std::string> split_characters(const std::string& text);

}  // namespace vp::app
