// What is on screen, as a URL query a reader can share or a tutorial can embed:
//
//   ?scene=self-attention&step=3&lang=zh&state=v1.<base64url(JSON)>
//
// scene, step and lang are plain parameters; `state` carries the scene's user inputs
// (matrices typed by the user, options) as {"scene": NAME, "inputs": {...}}, versioned by
// its "v1." prefix. The text comes from strangers (other people's pages, links), so every
// parameter is checked on its own: a bad one (unknown scene, step out of range, not a
// number, invalid base64 or JSON, a matrix of the wrong size, anything too long) falls back
// to that parameter's default, never to a clamped or guessed value, and adds a notice
// saying what was refused. Nothing here throws on any input.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "nn/tensor.h"

namespace vp {

constexpr size_t kMaxShareQueryChars = 64 * 1024;  // a whole query (http.server's URL limit)
constexpr size_t kMaxShareStateChars = 16 * 1024;  // the state parameter
constexpr int kMaxShareMatrixSide = 64;            // rows or columns of a shared matrix

// The scenes a query may name, with their step counts (1-based steps).
struct ShareScene {
  std::string name;
  int steps = 1;
};

// A decoded query: the values to apply and what was refused on the way.
struct ShareState {
  std::string scene;
  int step = 1;
  std::string lang = "en";
  nlohmann::json inputs = nlohmann::json::object();  // the scene's inputs, checked by its schema
  std::vector<std::string> notices;                  // one per refused parameter
};

// Reads a query string ("a=1&b=2", a leading '?' is skipped). Parameters other than scene,
// step, lang and state are ignored (host pages add their own). A missing parameter takes
// its value from `defaults` silently; a bad one takes it with a notice. The step is checked
// against the chosen scene's step count.
ShareState parse_share_query(std::string_view query, const std::vector<ShareScene>& scenes,
                             const ShareState& defaults);

// The query for a state: "scene=S&step=N&lang=L" plus "&state=v1...." when inputs is not empty.
std::string share_query(const std::string& scene, int step, const std::string& lang, const nlohmann::json& inputs);

// base64url without padding (RFC 4648 section 5); decode accepts padding and returns false
// on any other character or a malformed length.
std::string base64url_encode(std::string_view bytes);
bool base64url_decode(std::string_view text, std::string& bytes);

// ---- a scene's inputs ------------------------------------------------------------------
// Matrix sizes are named dimensions shared between fields (x: [n, d], W_query: [d, d_k]),
// so sizes that disagree are refused as surely as sizes out of range.
struct ShareDim {
  std::string name;  // "n", "d_k"
  int min = 1, max = 1;
};

struct ShareField {
  enum class Kind { matrix, integer, number, boolean, text, choice };
  std::string name;
  Kind kind = Kind::integer;
  double min = 0, max = 0;  // integer/number: the range; matrix: every entry's; text: max length
  int rows = -1, cols = -1; // matrix: indices into ShareSchema::dims
  std::vector<std::string> choices = {};  // choice: the values allowed ("numbers", "example")
};

struct ShareSchema {
  std::vector<ShareDim> dims;
  std::vector<ShareField> fields;
};

struct CheckedInputs {
  nlohmann::json values;  // every schema field: the given value, or the default's
  std::vector<std::string> notices;
};

// Checks `given` field by field against `schema`. A field that is missing keeps its value
// from `defaults` (the scene's current inputs) silently; one that is malformed, out of
// range or whose sizes disagree with the others keeps it with a notice; unknown fields are
// ignored with a notice. `defaults` must itself satisfy the schema.
CheckedInputs check_share_inputs(const nlohmann::json& given, const nlohmann::json& defaults,
                                 const ShareSchema& schema);

// A number as a field value, in the fewest digits that read back as the same float (0.1f is
// 0.1, not 0.10000000149011612: URLs stay short); whole numbers as integers.
nlohmann::json share_json(float x);
// A matrix as a field value, [[row], ...], each entry as above.
nlohmann::json share_json(const Mat& m);
// A checked matrix field back as a matrix.
Mat share_matrix(const nlohmann::json& rows);

// The notice for an input refused after the schema's checks (by the scene, knowing more):
// "input 'NAME' was refused (WHY); kept its default", worded like check_share_inputs' own.
std::string share_refusal(const std::string& name, const std::string& why);

// A short, printable rendering of untrusted text for a notice: at most 40 characters,
// anything but printable ASCII shown as '?'.
std::string quote_for_notice(std::string_view text);

}  // namespace vp
