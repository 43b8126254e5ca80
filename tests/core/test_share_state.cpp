#include <catch2/catch.hpp>

#include "lessons/share_state.h"

using vp::ShareField;
using Kind = vp::ShareField::Kind;

namespace {

const std::vector<vp::ShareScene> kScenes = {{"self-attention", 6}, {"multi-head", 7}};

vp::ShareState defaults() {
  vp::ShareState d;
  d.scene = "self-attention";
  return d;
}

vp::ShareState parse(const std::string& query) { return vp::parse_share_query(query, kScenes, defaults()); }

std::string notices(const std::vector<std::string>& list) {
  std::string all;
  for (const std::string& n : list) all += n + "\n";
  return all;
}

// x: [n, d], w: [d, k]
const vp::ShareSchema kSchema{{{"n", 1, 8}, {"d", 1, 6}, {"k", 1, 6}},
                              {{"x", Kind::matrix, -10, 10, 0, 1},
                               {"w", Kind::matrix, -10, 10, 1, 2},
                               {"scaled", Kind::boolean},
                               {"heads", Kind::integer, 1, 8}}};
const nlohmann::json kDefaults = {{"x", {{1, 0}, {0, 1}, {1, 1}}}, {"w", {{1}, {2}}}, {"scaled", false}, {"heads", 2}};

}  // namespace

TEST_CASE("share state: a good query is applied as given, nothing refused", "[share_state]") {
  const vp::ShareState s = parse("?scene=multi-head&step=7&lang=zh&utm_source=blog");
  CHECK(s.scene == "multi-head");
  CHECK(s.step == 7);
  CHECK(s.lang == "zh");
  CHECK(s.notices.empty());
  CHECK(parse("").notices.empty());
  CHECK(parse("").scene == "self-attention");
}

TEST_CASE("share state: each bad parameter falls back to its own default with a notice", "[share_state][errors]") {
  vp::ShareState s = parse("scene=nosuch&step=3&lang=zh");
  CHECK(s.scene == "self-attention");
  CHECK(s.step == 3);  // the good ones still apply
  CHECK(s.lang == "zh");
  REQUIRE(s.notices.size() == 1);
  CHECK_THAT(s.notices[0], Catch::Contains("unknown scene 'nosuch'"));

  s = parse("scene=multi-head&step=9");  // out of range: the default, not clamped to 7
  CHECK(s.step == 1);
  CHECK_THAT(notices(s.notices), Catch::Contains("step 9 is out of range for multi-head (1..7)"));
  for (const char* step : {"abc", "-1", "2.5", "0x3", "1e3", "", "99999999999999999999"}) {
    s = parse(std::string("step=") + step);
    CHECK(s.step == 1);
    CHECK(s.notices.size() == 1);
  }
  s = parse("lang=fr");
  CHECK(s.lang == "en");
  CHECK_THAT(notices(s.notices), Catch::Contains("unknown language 'fr'"));
}

TEST_CASE("share state: hostile text is refused and quoted harmlessly", "[share_state][errors]") {
  const vp::ShareState s = parse("scene=%3Cscript%3Ealert(1)%3C%2Fscript%3E&lang=%E4%B8%AD&step=%ZZ");
  CHECK(s.scene == "self-attention");
  CHECK(s.notices.size() == 3);
  CHECK_THAT(notices(s.notices), Catch::Contains("'<script>alert(1)</script>'"));
  for (unsigned char c : notices(s.notices)) CHECK(c < 0x80);  // non-ASCII shown as '?'
  const std::string huge(100 * 1024, 'A');
  const vp::ShareState h = parse("scene=multi-head&state=v1." + huge);
  CHECK(h.scene == "multi-head");
  CHECK(h.inputs.empty());
  CHECK_THAT(notices(h.notices), Catch::Contains("longer than 16384 characters"));
  CHECK(vp::quote_for_notice(std::string(100, 'x')).size() < 50);
}

TEST_CASE("share state: the state parameter round-trips and is checked", "[share_state]") {
  const nlohmann::json inputs = {{"x", vp::share_json(vp::from_rows({{0.1f, 2}, {3, -4.5f}}))}, {"scaled", true}};
  const std::string q = vp::share_query("multi-head", 4, "zh", inputs);
  CHECK(q.rfind("scene=multi-head&step=4&lang=zh&state=v1.", 0) == 0);
  CHECK(q.find("0.10000") == std::string::npos);
  const vp::ShareState s = parse(q);
  CHECK(s.notices.empty());
  CHECK(s.inputs == inputs);
  CHECK(vp::share_matrix(s.inputs["x"]) == vp::from_rows({{0.1f, 2}, {3, -4.5f}}));
  CHECK(vp::share_query("self-attention", 1, "en", nlohmann::json::object()) == "scene=self-attention&step=1&lang=en");

  const auto state_of = [](const std::string& json) { return "state=v1." + vp::base64url_encode(json); };
  for (const auto& [query, why] : std::vector<std::pair<std::string, std::string>>{
           {"state=v2.e30", "version prefix"},
           {"state=v1.e30*", "not valid base64url"},
           {"state=v1.e", "not valid base64url"},
           {state_of("{\"scene\":"), "not valid JSON"},
           {state_of("[1,2]"), "not an object"},
           {state_of(std::string(40, '[') + std::string(40, ']')), "nested too deeply"},
           {state_of("{\"scene\":\"multi-head\",\"inputs\":{}}"), "inputs of scene 'multi-head'"}}) {
    const vp::ShareState bad = parse(query);
    CHECK(bad.inputs.empty());
    CHECK_THAT(notices(bad.notices), Catch::Contains(why));
  }
}

TEST_CASE("share state: base64url both ways", "[share_state]") {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (size_t n = 0; n < 7; ++n) {
    std::string back;
    REQUIRE(vp::base64url_decode(vp::base64url_encode(bytes.substr(0, n)), back));
    CHECK(back == bytes.substr(0, n));
  }
  std::string out;
  CHECK(vp::base64url_encode("\xfb\xff") == "-_8");
  CHECK(vp::base64url_decode("-_8=", out));  // padding is accepted
  CHECK(!vp::base64url_decode("a+b/", out));  // standard base64's characters are not
}

TEST_CASE("share inputs: each field checked on its own, sizes must agree", "[share_state][errors]") {
  vp::CheckedInputs in = vp::check_share_inputs({{"x", {{1, 2}, {3, 4}}}, {"heads", 4}}, kDefaults, kSchema);
  CHECK(in.notices.empty());
  CHECK(in.values["x"] == nlohmann::json({{1, 2}, {3, 4}}));
  CHECK(in.values["w"] == kDefaults["w"]);  // missing: the default, silently
  CHECK(in.values["heads"] == 4);

  // bad fields keep their defaults, each with a notice; the good one still applies
  in = vp::check_share_inputs({{"x", {{1, 2}, {3}}}, {"w", {{1e9}, {1}}}, {"scaled", 1}, {"heads", 99}, {"evil", "<b>"}},
                              kDefaults, kSchema);
  CHECK(in.values == kDefaults);
  const std::string all = notices(in.notices);
  CHECK_THAT(all, Catch::Contains("input 'x' was refused (rows of different lengths)"));
  CHECK_THAT(all, Catch::Contains("input 'w' was refused (an entry is out of range"));
  CHECK_THAT(all, Catch::Contains("input 'scaled' was refused (expected true or false)"));
  CHECK_THAT(all, Catch::Contains("input 'heads' was refused (out of range 1..8)"));
  CHECK_THAT(all, Catch::Contains("unknown input 'evil' was ignored"));

  // x with 3 columns disagrees with the default w (2 rows): x is refused, not w
  in = vp::check_share_inputs({{"x", {{1, 2, 3}}}}, kDefaults, kSchema);
  CHECK(in.values == kDefaults);
  CHECK_THAT(notices(in.notices), Catch::Contains("input 'x' was refused (its size disagrees with w on d)"));
  // both given and agreeing: both apply
  in = vp::check_share_inputs({{"x", {{1, 2, 3}}}, {"w", {{1}, {2}, {3}}}}, kDefaults, kSchema);
  CHECK(in.notices.empty());
  CHECK(in.values["w"].size() == 3);
  // both given, disagreeing: the later one (w) goes, and then x disagrees with w's default
  in = vp::check_share_inputs({{"x", {{1, 2, 3}}}, {"w", {{1}, {2}}}}, kDefaults, kSchema);
  CHECK(in.values == kDefaults);
  CHECK(in.notices.size() == 2);
  // too many rows for the dimension's range, and a huge matrix
  in = vp::check_share_inputs({{"x", nlohmann::json::array({{1, 2}, {1, 2}, {1, 2}, {1, 2}, {1, 2}, {1, 2}, {1, 2}, {1, 2}, {1, 2}})}},
                              kDefaults, kSchema);
  CHECK_THAT(notices(in.notices), Catch::Contains("9 rows (n must be 1..8)"));
}

TEST_CASE("share inputs: a choice takes one of its values, nothing else", "[share_state][errors]") {
  using Kind = vp::ShareField::Kind;
  const vp::ShareSchema schema{{}, {{"mode", Kind::choice, 0, 0, -1, -1, {"numbers", "example"}}}};
  const nlohmann::json defaults = {{"mode", "numbers"}};
  vp::CheckedInputs in = vp::check_share_inputs({{"mode", "example"}}, defaults, schema);
  CHECK(in.notices.empty());
  CHECK(in.values["mode"] == "example");
  for (const nlohmann::json& bad : {nlohmann::json("Example"), nlohmann::json(""), nlohmann::json(1),
                                    nlohmann::json("<script>alert(1)</script>"), nlohmann::json::array({"example"})}) {
    in = vp::check_share_inputs({{"mode", bad}}, defaults, schema);
    CHECK(in.values == defaults);
    REQUIRE(in.notices.size() == 1);
    CHECK(in.notices[0] == "input 'mode' was refused (expected one of numbers, example); kept its default");
  }
}
