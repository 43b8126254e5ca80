#include "lessons/share_state.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace vp {

namespace {

constexpr size_t kMaxNameChars = 64;  // scene and lang values longer than this are refused unread
constexpr int kMaxStateDepth = 16;    // JSON nesting in a state (a matrix needs 4)

const char kBase64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const char kStatePrefix[] = "v1.";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded: '+' is a space, %XX a byte. False on a broken escape.
bool percent_decode(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') out += ' ';
    else if (in[i] != '%') out += in[i];
    else {
      if (i + 2 >= in.size()) return false;
      const int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    }
  }
  return true;
}

std::string percent_encode(std::string_view in) {
  std::string out;
  for (unsigned char c : in) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// Deepest bracket nesting outside strings; stops counting past the limit.
int json_depth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size() && deepest <= kMaxStateDepth; ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') in_string = true;
    else if (c == '[' || c == '{') deepest = std::max(deepest, ++depth);
    else if (c == ']' || c == '}') --depth;
  }
  return deepest;
}

const ShareScene* find_scene(const std::vector<ShareScene>& scenes, const std::string& name) {
  for (const ShareScene& s : scenes)
    if (s.name == name) return &s;
  return nullptr;
}

// The state parameter's inputs for `scene`, or a reason it was refused.
std::string decode_state(std::string_view text, const std::string& scene, nlohmann::json& inputs) {
  if (text.size() > kMaxShareStateChars)
    return "it is longer than " + std::to_string(kMaxShareStateChars) + " characters";
  if (text.substr(0, sizeof kStatePrefix - 1) != kStatePrefix)
    return "it does not start with the version prefix '" + std::string(kStatePrefix) + "'";
  std::string json_text;
  if (!base64url_decode(text.substr(sizeof kStatePrefix - 1), json_text)) return "it is not valid base64url";
  if (json_depth(json_text) > kMaxStateDepth) return "its JSON is nested too deeply";
  const nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return "it is not valid JSON";
  if (!j.is_object() || !j.contains("scene") || !j["scene"].is_string() || !j.contains("inputs") ||
      !j["inputs"].is_object())
    return "it is not an object with \"scene\" and \"inputs\"";
  if (j["scene"].get<std::string>() != scene)
    return "it holds inputs of scene " + quote_for_notice(j["scene"].get<std::string>()) + ", not of " + scene;
  inputs = j["inputs"];
  return "";
}

std::string field_reason(const ShareField& f, const nlohmann::json& v, const std::vector<ShareDim>& dims) {
  using Kind = ShareField::Kind;
  auto range = [&](double lo, double hi) {
    char buf[80];
    std::snprintf(buf, sizeof buf, "%g..%g", lo, hi);
    return std::string(buf);
  };
  switch (f.kind) {
    case Kind::boolean:
      return v.is_boolean() ? "" : "expected true or false";
    case Kind::integer:
      if (!v.is_number_integer()) return "expected a whole number";
      {
        // non-negative numbers parse as unsigned
        const double x = v.is_number_unsigned() ? static_cast<double>(v.get<uint64_t>())
                                                : static_cast<double>(v.get<int64_t>());
        return x < f.min || x > f.max ? "out of range " + range(f.min, f.max) : "";
      }
    case Kind::number: {
      if (!v.is_number()) return "expected a number";
      const double x = v.get<double>();
      if (!std::isfinite(x) || x < f.min || x > f.max) return "out of range " + range(f.min, f.max);
      return "";
    }
    case Kind::text: {
      if (!v.is_string()) return "expected text";
      const std::string& s = v.get_ref<const std::string&>();
      if (static_cast<double>(s.size()) > f.max) return "more than " + std::to_string(static_cast<long>(f.max)) + " bytes";
      for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) return "contains control characters";
      return "";
    }
    case Kind::choice: {
      std::string allowed;
      for (const std::string& c : f.choices) {
        if (v.is_string() && v.get_ref<const std::string&>() == c) return "";
        allowed += (allowed.empty() ? "" : ", ") + c;
      }
      return "expected one of " + allowed;
    }
    case Kind::matrix: {
      if (!v.is_array() || v.empty() || !v[0].is_array() || v[0].empty()) return "expected rows of numbers [[...], ...]";
      const ShareDim& rd = dims[f.rows];
      const ShareDim& cd = dims[f.cols];
      const size_t rows = v.size(), cols = v[0].size();
      if (rows < static_cast<size_t>(rd.min) || rows > static_cast<size_t>(rd.max) ||
          rows > static_cast<size_t>(kMaxShareMatrixSide))
        return std::to_string(rows) + " rows (" + rd.name + " must be " + std::to_string(rd.min) + ".." +
               std::to_string(rd.max) + ")";
      if (cols < static_cast<size_t>(cd.min) || cols > static_cast<size_t>(cd.max) ||
          cols > static_cast<size_t>(kMaxShareMatrixSide))
        return std::to_string(cols) + " columns (" + cd.name + " must be " + std::to_string(cd.min) + ".." +
               std::to_string(cd.max) + ")";
      for (const nlohmann::json& row : v) {
        if (!row.is_array() || row.size() != cols) return "rows of different lengths";
        for (const nlohmann::json& x : row) {
          if (!x.is_number()) return "an entry is not a number";
          const double d = x.get<double>();
          if (!std::isfinite(d) || d < f.min || d > f.max) return "an entry is out of range " + range(f.min, f.max);
        }
      }
      return "";
    }
  }
  return "unknown field kind";
}

}  // namespace

std::string share_refusal(const std::string& name, const std::string& why) {
  return "input '" + name + "' was refused (" + why + "); kept its default";
}

std::string quote_for_notice(std::string_view text) {
  std::string out = "'";
  for (size_t i = 0; i < text.size() && i < 40; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
  }
  if (text.size() > 40) out += "...";
  return out + "'";
}

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kBase64url[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kBase64url[(acc << (6 - bits)) & 63];
  return out;
}

bool base64url_decode(std::string_view text, std::string& bytes) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return false;  // 6 bits cannot end a byte
  bytes.clear();
  bytes.reserve(text.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '-') v = 62;
    else if (c == '_') v = 63;
    else return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return true;
}

ShareState parse_share_query(std::string_view query, const std::vector<ShareScene>& scenes,
                             const ShareState& defaults) {
  ShareState out = defaults;
  out.inputs = nlohmann::json::object();
  out.notices.clear();
  if (!query.empty() && query.front() == '?') query.remove_prefix(1);

  // the raw values of the parameters we read (the last one wins if repeated)
  struct Param {
    const char* key;
    size_t limit;  // decoded length beyond which the value is refused unread
    bool present = false;
    bool broken = false;  // a bad %-escape
    std::string value;
  };
  Param params[] = {{"scene", kMaxNameChars, false, false, {}},
                    {"step", kMaxNameChars, false, false, {}},
                    {"lang", kMaxNameChars, false, false, {}},
                    {"state", kMaxShareStateChars, false, false, {}}};
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(start, end - start);
    const size_t eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    const std::string_view raw = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    for (Param& p : params) {
      if (key != p.key) continue;
      p.present = true;
      p.broken = false;
      if (raw.size() > 3 * p.limit + 3) p.value = std::string(raw.substr(0, p.limit + 1));  // too long either way
      else p.broken = !percent_decode(raw, p.value);
    }
    start = end + 1;
  }
  Param& scene = params[0];
  Param& step = params[1];
  Param& lang = params[2];
  Param& state = params[3];

  auto refuse = [&](const std::string& what) { out.notices.push_back(what); };

  if (scene.present) {
    if (!scene.broken && find_scene(scenes, scene.value)) out.scene = scene.value;
    else refuse("unknown scene " + quote_for_notice(scene.value) + "; showing " + out.scene);
  }
  const ShareScene* chosen = find_scene(scenes, out.scene);
  const int steps = chosen ? chosen->steps : 1;
  if (out.step < 1 || out.step > steps) out.step = 1;
  if (step.present) {
    const std::string& v = step.value;
    const bool digits = !step.broken && !v.empty() && v.size() <= 4 &&
                        v.find_first_not_of("0123456789") == std::string::npos;
    const int n = digits ? std::atoi(v.c_str()) : 0;
    if (!digits) refuse("step " + quote_for_notice(v) + " is not a whole number; showing step " + std::to_string(out.step));
    else if (n < 1 || n > steps)
      refuse("step " + std::to_string(n) + " is out of range for " + out.scene + " (1.." + std::to_string(steps) +
             "); showing step " + std::to_string(out.step));
    else out.step = n;
  }
  if (lang.present) {
    if (!lang.broken && (lang.value == "en" || lang.value == "zh")) out.lang = lang.value;
    else refuse("unknown language " + quote_for_notice(lang.value) + " (en or zh); showing " + out.lang);
  }
  if (state.present) {
    nlohmann::json inputs;
    const std::string why = state.broken ? "it has a broken %-escape" : decode_state(state.value, out.scene, inputs);
    if (why.empty()) out.inputs = std::move(inputs);
    else refuse("the state was refused (" + why + "); showing the scene's own inputs");
  }
  return out;
}

std::string share_query(const std::string& scene, int step, const std::string& lang, const nlohmann::json& inputs) {
  std::string q = "scene=" + percent_encode(scene) + "&step=" + std::to_string(step) + "&lang=" + percent_encode(lang);
  if (inputs.is_object() && !inputs.empty()) {
    const nlohmann::json state = {{"scene", scene}, {"inputs", inputs}};
    q += "&state=" + std::string(kStatePrefix) + base64url_encode(state.dump());
  }
  return q;
}

CheckedInputs check_share_inputs(const nlohmann::json& given, const nlohmann::json& defaults,
                                 const ShareSchema& schema) {
  CheckedInputs out;
  out.values = nlohmann::json::object();
  const size_t n = schema.fields.size();
  std::vector<const nlohmann::json*> accepted(n, nullptr);
  auto refuse = [&](const std::string& name, const std::string& why) { out.notices.push_back(share_refusal(name, why)); };

  if (given.is_object()) {
    for (auto it = given.begin(); it != given.end(); ++it) {
      bool known = false;
      for (const ShareField& f : schema.fields) known = known || f.name == it.key();
      if (!known) out.notices.push_back("unknown input " + quote_for_notice(it.key()) + " was ignored");
    }
    for (size_t i = 0; i < n; ++i) {
      const ShareField& f = schema.fields[i];
      const auto it = given.find(f.name);
      if (it == given.end()) continue;
      const std::string why = field_reason(f, *it, schema.dims);
      if (why.empty()) accepted[i] = &*it;
      else refuse(f.name, why);
    }
  }

  // Matrix sizes must agree through their named dimensions. The defaults agree among
  // themselves, so every disagreement involves an accepted field: refuse the later one (or
  // the accepted one, against a default) and look again until all agree.
  for (bool agreed = false; !agreed;) {
    agreed = true;
    std::vector<int> size(schema.dims.size(), -1), set_by(schema.dims.size(), -1);
    for (size_t i = 0; i < n && agreed; ++i) {
      const ShareField& f = schema.fields[i];
      if (f.kind != ShareField::Kind::matrix) continue;
      const nlohmann::json* v = accepted[i] ? accepted[i] : (defaults.contains(f.name) ? &defaults[f.name] : nullptr);
      if (!v || !v->is_array() || v->empty()) continue;
      const int shape[2] = {static_cast<int>(v->size()), static_cast<int>((*v)[0].size())};
      const int dim_of[2] = {f.rows, f.cols};
      for (int k = 0; k < 2 && agreed; ++k) {
        const int d = dim_of[k];
        if (size[d] < 0) {
          size[d] = shape[k];
          set_by[d] = static_cast<int>(i);
        } else if (size[d] != shape[k]) {
          const size_t loser = accepted[i] ? i : static_cast<size_t>(set_by[d]);
          const ShareField& other = schema.fields[accepted[i] ? set_by[d] : i];
          refuse(schema.fields[loser].name, "its size disagrees with " + other.name + " on " + schema.dims[d].name);
          accepted[loser] = nullptr;
          agreed = false;
        }
      }
    }
  }

  for (size_t i = 0; i < n; ++i) {
    const std::string& name = schema.fields[i].name;
    if (accepted[i]) out.values[name] = *accepted[i];
    else if (defaults.contains(name)) out.values[name] = defaults[name];
  }
  return out;
}

nlohmann::json share_json(float x) {
  char buf[32];
  for (int digits = 1; digits <= 9; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, static_cast<double>(x));
    if (std::strtof(buf, nullptr) == x) break;
  }
  const double shortest = std::strtod(buf, nullptr);
  if (shortest == std::floor(shortest) && std::fabs(shortest) < 1e15) return static_cast<int64_t>(shortest);
  return shortest;
}

nlohmann::json share_json(const Mat& m) {
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index c = 0; c < m.cols(); ++c) {
      row.push_back(share_json(m(r, c)));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Mat share_matrix(const nlohmann::json& rows) {
  if (!rows.is_array() || rows.empty() || !rows[0].is_array()) return Mat();
  Mat m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows[0].size()));
  for (Eigen::Index r = 0; r < m.rows(); ++r)
    for (Eigen::Index c = 0; c < m.cols(); ++c) m(r, c) = static_cast<float>(rows[r][c].get<double>());
  return m;
}

}  // namespace vp
