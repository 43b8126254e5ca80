#include "formats/trace_export.h"

#include <limits>

#include <nlohmann/json.hpp>

namespace vp {

TensorMap trace_tensors(const nlohmann::json& trace) {
  if (!trace.is_object() || !trace.contains("steps") || !trace["steps"].is_array())
    throw Error("export: there is no trace to export");
  TensorMap tensors;
  for (const nlohmann::json& step : trace["steps"]) {
    const std::string id = step.value("id", std::string("step"));
    for (const char* side : {"inputs", "outputs"}) {
      if (!step.contains(side)) continue;
      for (const nlohmann::json& m : step[side]) {
        const std::string name = id + (side[0] == 'i' ? "/in/" : "/out/") + m.value("name", std::string("matrix"));
        const nlohmann::json& rows = m["data"];
        Tensor t;
        t.shape = {static_cast<int64_t>(rows.size()), rows.empty() ? 0 : static_cast<int64_t>(rows[0].size())};
        for (const nlohmann::json& row : rows)
          for (const nlohmann::json& x : row)  // -inf (masked scores) is null in JSON
            t.data.push_back(x.is_number() ? x.get<float>() : -std::numeric_limits<float>::infinity());
        tensors.emplace(name, std::move(t));
      }
    }
  }
  return tensors;
}

std::vector<uint8_t> trace_safetensors(const nlohmann::json& trace, const TensorMetadata& metadata) {
  return serialize_safetensors(trace_tensors(trace), metadata);
}

}  // namespace vp
