#include "nn/trace.h"

#include <nlohmann/json.hpp>

namespace vp {

TraceStep& TraceStep::in(std::string name, const Eigen::Ref<const Mat>& value) {
  if (kept) inputs.push_back({std::move(name), Mat(value), {}, {}});
  return *this;
}

TraceStep& TraceStep::out(std::string name, const Eigen::Ref<const Mat>& value) {
  if (kept) outputs.push_back({std::move(name), Mat(value), {}, {}});
  return *this;
}

TraceStep& Trace::add(const std::string& id, std::string title, std::string formula) {
  steps.push_back({scope + id, std::move(title), std::move(formula), {}, {}, true});
  return steps.back();
}

const TraceStep* Trace::find_step(const std::string& id) const {
  for (const auto& s : steps)
    if (s.id == id) return &s;
  return nullptr;
}

const TraceMatrix* Trace::find_matrix(const std::string& name) const {
  for (auto s = steps.rbegin(); s != steps.rend(); ++s) {
    for (const auto& m : s->outputs)
      if (m.name == name) return &m;
    for (const auto& m : s->inputs)
      if (m.name == name) return &m;
  }
  return nullptr;
}

TraceScope::TraceScope(Trace* trace, const std::string& name)
    : trace_(trace), previous_size_(trace ? trace->scope.size() : 0) {
  if (trace_) trace_->scope += name + ".";
}

TraceScope::~TraceScope() {
  if (trace_) trace_->scope.resize(previous_size_);
}

TraceStep& record(Trace* trace, const std::string& id, std::string title, std::string formula) {
  if (trace) return trace->add(id, std::move(title), std::move(formula));
  thread_local TraceStep discarded{"", "", "", {}, {}, false};  // stays empty: it keeps nothing
  return discarded;
}

nlohmann::json to_json(const Mat& m) {
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index c = 0; c < m.cols(); ++c) row.push_back(m(r, c));
    rows.push_back(std::move(row));
  }
  return rows;
}

nlohmann::json to_json(const TraceMatrix& m) {
  nlohmann::json j = {{"name", m.name}, {"shape", {m.value.rows(), m.value.cols()}}, {"data", to_json(m.value)}};
  if (!m.row_labels.empty()) j["row_labels"] = m.row_labels;
  if (!m.col_labels.empty()) j["col_labels"] = m.col_labels;
  return j;
}

nlohmann::json to_json(const TraceStep& s) {
  nlohmann::json inputs = nlohmann::json::array(), outputs = nlohmann::json::array();
  for (const auto& m : s.inputs) inputs.push_back(to_json(m));
  for (const auto& m : s.outputs) outputs.push_back(to_json(m));
  return {{"id", s.id}, {"title", s.title}, {"formula", s.formula}, {"inputs", inputs}, {"outputs", outputs}};
}

nlohmann::json to_json(const Trace& t) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& s : t.steps) steps.push_back(to_json(s));
  return {{"name", t.name}, {"steps", steps}};
}

}  // namespace vp
