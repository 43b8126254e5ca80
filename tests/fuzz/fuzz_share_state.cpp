// Shared-URL state (lessons/share_state.h): any query string, or any JSON as the state of a
// scene with every kind of input, must decode to a valid state or fall back with notices;
// what comes out must be within the limits and survive a round trip through share_query.
// The first byte picks the form: even, the rest is a whole query; odd, the rest is the
// state's JSON (so mutations reach the JSON and the schema checks, not only base64).
#include <cstddef>
#include <cstdint>
#include <string>

#include "lessons/share_state.h"

namespace {

using Kind = vp::ShareField::Kind;

const std::vector<vp::ShareScene> kScenes = {{"grid", 6}, {"plain", 1}};

// [rows, inner] x [inner, cols], a switch, a count, a gain, a sentence and a choice
const vp::ShareSchema kSchema{{{"rows", 1, 8}, {"inner", 1, 6}, {"cols", 2, 5}},
                              {{"a", Kind::matrix, -100, 100, 0, 1},
                               {"b", Kind::matrix, -1e6, 1e6, 1, 2},
                               {"on", Kind::boolean},
                               {"count", Kind::integer, -3, 300},
                               {"gain", Kind::number, 0, 8},
                               {"words", Kind::text, 0, 40},
                               {"mode", Kind::choice, 0, 0, -1, -1, {"fast", "slow"}}}};

const nlohmann::json kDefaults = {{"a", {{1, 2}, {3, 4}}},     {"b", {{0.5, 1}, {2, -1}}}, {"on", false},
                                  {"count", 3},                {"gain", 1.5},              {"words", "I love China"},
                                  {"mode", "fast"}};

void check_values(const nlohmann::json& v) {
  // every field present, of its kind, matrices agreeing on "inner"
  for (const vp::ShareField& f : kSchema.fields)
    if (!v.contains(f.name)) __builtin_trap();
  const nlohmann::json &a = v["a"], &b = v["b"];
  if (a.size() < 1 || a.size() > 8 || a[0].size() != b.size() || b[0].size() < 2 || b[0].size() > 5) __builtin_trap();
  if (vp::share_matrix(a).rows() != static_cast<long>(a.size())) __builtin_trap();
  const double gain = v["gain"].get<double>();
  if (!(gain >= 0 && gain <= 8) || v["words"].get<std::string>().size() > 40) __builtin_trap();
  if (v["mode"] != "fast" && v["mode"] != "slow") __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string query =
      data[0] % 2 == 0 ? rest : "scene=grid&step=2&state=v1." + vp::base64url_encode(rest);
  vp::ShareState defaults;
  defaults.scene = "grid";
  const vp::ShareState s = vp::parse_share_query(query, kScenes, defaults);

  if (s.scene != "grid" && s.scene != "plain") __builtin_trap();
  if (s.step < 1 || s.step > (s.scene == "grid" ? 6 : 1)) __builtin_trap();
  if (s.lang != "en" && s.lang != "zh") __builtin_trap();
  if (!s.inputs.is_object()) __builtin_trap();

  const vp::CheckedInputs in = vp::check_share_inputs(s.inputs, kDefaults, kSchema);
  check_values(in.values);

  // what was accepted encodes to a query that decodes to the same, with nothing refused
  const std::string again = vp::share_query(s.scene, s.step, s.lang, in.values);
  const vp::ShareState t = vp::parse_share_query(again, kScenes, defaults);
  if (!t.notices.empty() || t.scene != s.scene || t.step != s.step || t.lang != s.lang) __builtin_trap();
  const vp::CheckedInputs in2 = vp::check_share_inputs(t.inputs, kDefaults, kSchema);
  if (!in2.notices.empty() || in2.values != in.values) __builtin_trap();
  return 0;
}
