// Traces: a computation's steps as plain data, for the UI to draw, the CLI to print and
// the tests to check. A trace knows nothing of how it is shown.
//
//   Trace t;
//   self_attention(x, w, opts, &t);   // any core function takes an optional Trace*
//   t.steps[3].outputs[0].value       // the softmax matrix
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "nn/tensor.h"

namespace vp {

struct TraceMatrix {
  std::string name;                     // "Q", "scores", "softmax(scores)"
  Mat value;
  std::vector<std::string> row_labels;  // optional: tokens, heads, ...
  std::vector<std::string> col_labels;  // optional: dims, keys, ...
};

struct TraceStep {
  std::string id;       // stable key, e.g. "softmax" or "layers.0.self_attn.scores"
  std::string title;    // English; the UI may translate by id
  std::string formula;  // short, e.g. "softmax(Q K^T)"
  std::vector<TraceMatrix> inputs;
  std::vector<TraceMatrix> outputs;
  // false for the throwaway step record() returns without a trace: in/out then copy nothing
  // (a forward pass without a trace must not pay for copies of its matrices)
  bool kept = true;

  TraceStep& in(std::string name, const Eigen::Ref<const Mat>& value);
  TraceStep& out(std::string name, const Eigen::Ref<const Mat>& value);
};

struct Trace {
  std::string name;
  std::vector<TraceStep> steps;
  std::string scope;  // prefix for step ids while inside a sub-module ("encoder.layers.0.")

  TraceStep& add(const std::string& id, std::string title, std::string formula);
  const TraceStep* find_step(const std::string& id) const;
  // The last output or input named `name` over all steps, or nullptr.
  const TraceMatrix* find_matrix(const std::string& name) const;
};

// While alive, step ids recorded into `trace` are prefixed with `name` + ".".
class TraceScope {
 public:
  TraceScope(Trace* trace, const std::string& name);
  ~TraceScope();
  TraceScope(const TraceScope&) = delete;
  TraceScope& operator=(const TraceScope&) = delete;

 private:
  Trace* trace_;
  size_t previous_size_;
};

// Records a step into trace if trace is not null; returns a step to chain .in/.out on
// (a throwaway one when trace is null, so callers need no branches).
TraceStep& record(Trace* trace, const std::string& id, std::string title, std::string formula);

nlohmann::json to_json(const Mat& m);            // [[row], [row], ...]
nlohmann::json to_json(const TraceMatrix& m);    // {name, shape, data, row_labels?, col_labels?}
nlohmann::json to_json(const TraceStep& s);
nlohmann::json to_json(const Trace& t);

}  // namespace vp
