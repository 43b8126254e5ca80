// A trace as files a reader can take away from the playground ("Export"): the JSON the page
// API reports, or a safetensors file with one tensor per matrix, for NumPy or PyTorch.
#pragma once
#include <cstdint>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "formats/safetensors.h"

namespace vp {

// The tensors of a trace in its JSON form (to_json(Trace)): every step's matrices, named
// "STEP_ID/in/NAME" and "STEP_ID/out/NAME" (e.g. "softmax/out/softmax(scores)"), shape
// [rows, cols]. A name that repeats keeps its first matrix. Throws vp::Error when `trace` is
// not a trace.
TensorMap trace_tensors(const nlohmann::json& trace);

// safetensors bytes of trace_tensors(trace), with the trace's name and the scene's step in
// the metadata.
std::vector<uint8_t> trace_safetensors(const nlohmann::json& trace, const TensorMetadata& metadata);

}  // namespace vp
