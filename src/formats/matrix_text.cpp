#include "formats/matrix_text.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <vector>

namespace vp {

namespace {

std::string quoted(std::string_view text) {
  std::string s(text.substr(0, 32));
  if (text.size() > 32) s += "...";
  return "'" + s + "'";
}

bool is_separator(char c) { return c == ' ' || c == '\t' || c == ',' || c == '\r'; }

}  // namespace

float parse_number(std::string_view text) {
  while (!text.empty() && is_separator(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_separator(text.back())) text.remove_suffix(1);
  if (text.empty()) throw Error("empty cell: type a number");
  if (text.size() > 64) throw Error("number too long: " + quoted(text));
  const std::string s(text);  // strtod needs a terminated string
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) throw Error(quoted(text) + " is not a number");
  // strtod accepts "nan" and "inf"; a matrix entry must be an ordinary finite float
  if (!std::isfinite(v) || errno == ERANGE || std::fabs(v) > 3.0e38)
    throw Error(quoted(text) + " is not a finite number");
  return static_cast<float>(v);
}

Mat parse_matrix_text(std::string_view text) {
  // The bracketed literal becomes the plain form: "[[1,2],[3,4]]" -> "1,2 ; 3,4"
  std::string plain;
  int depth = 0, max_depth = 0;
  for (char c : text) {
    if (c == '[') {
      max_depth = std::max(max_depth, ++depth);
      if (depth > 2) throw Error("a matrix has two levels of brackets at most");
    } else if (c == ']') {
      if (--depth < 0) throw Error("unbalanced ']'");
      if (depth == 1) plain += ';';
    } else if (c == '\n' || c == ';') {
      if (max_depth == 0) plain += ';';
      else plain += ' ';
    } else {
      plain += c;
    }
  }
  if (depth != 0) throw Error("unbalanced '['");

  std::vector<std::vector<float>> rows;
  size_t start = 0;
  while (start <= plain.size()) {
    size_t stop = plain.find(';', start);
    if (stop == std::string::npos) stop = plain.size();
    std::string_view line(plain.data() + start, stop - start);
    std::vector<float> row;
    size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && is_separator(line[i])) ++i;
      size_t j = i;
      while (j < line.size() && !is_separator(line[j])) ++j;
      if (j > i) {
        if (row.size() >= kMaxTypedMatrixSide)
          throw Error("more than " + std::to_string(kMaxTypedMatrixSide) + " columns");
        try {
          row.push_back(parse_number(line.substr(i, j - i)));
        } catch (const Error& e) {
          throw Error("row " + std::to_string(rows.size() + 1) + ": " + e.what());
        }
      }
      i = j;
    }
    if (!row.empty()) {
      if (rows.size() >= kMaxTypedMatrixSide) throw Error("more than " + std::to_string(kMaxTypedMatrixSide) + " rows");
      if (!rows.empty() && row.size() != rows[0].size())
        throw Error("row " + std::to_string(rows.size() + 1) + " has " + std::to_string(row.size()) +
                    " numbers, row 1 has " + std::to_string(rows[0].size()));
      rows.push_back(std::move(row));
    }
    start = stop + 1;
  }
  if (rows.empty()) throw Error("no numbers found");

  Mat m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows[0].size()));
  for (size_t r = 0; r < rows.size(); ++r)
    for (size_t c = 0; c < rows[r].size(); ++c) m(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = rows[r][c];
  return m;
}

std::string matrix_to_tsv(const Mat& m, int precision) {
  std::ostringstream out;
  out.precision(precision);
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    for (Eigen::Index c = 0; c < m.cols(); ++c) out << (c ? "\t" : "") << m(r, c);
    out << "\n";
  }
  return out.str();
}

namespace {

// Rows in brackets, numbers in `precision` significant digits; non-finite entries as
// `infinity`/`-infinity`/`nan` say.
std::string bracketed(const Mat& m, int precision, const char* infinity, const char* minus_infinity, const char* nan) {
  std::ostringstream out;
  out.precision(precision);
  out << "[";
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    out << (r ? ", [" : "[");
    for (Eigen::Index c = 0; c < m.cols(); ++c) {
      const float x = m(r, c);
      out << (c ? ", " : "");
      if (std::isnan(x)) out << nan;
      else if (std::isinf(x)) out << (x > 0 ? infinity : minus_infinity);
      else out << x;
    }
    out << "]";
  }
  out << "]";
  return out.str();
}

}  // namespace

std::string matrix_to_json(const Mat& m, int precision) { return bracketed(m, precision, "null", "null", "null"); }

std::string matrix_to_numpy(const Mat& m, int precision) {
  return "np.array(" + bracketed(m, precision, "np.inf", "-np.inf", "np.nan") + ", dtype=np.float32)";
}

}  // namespace vp
