#include <catch2/catch.hpp>

#include <limits>

#include <nlohmann/json.hpp>

#include "nn/trace.h"
#include "formats/trace_export.h"

TEST_CASE("trace export: every matrix of every step as a tensor, back through safetensors", "[trace_export]") {
  vp::Trace t;
  t.name = "demo";
  const vp::Mat q = vp::from_rows({{1, 2, 3}, {4, 5, 6}});
  const vp::Mat scores = vp::from_rows({{0.5f, -std::numeric_limits<float>::infinity()}, {1, 2}});
  vp::record(&t, "scores", "Scores", "Q K^T").in("Q", q).out("scores", scores);
  const vp::TensorMap tensors = vp::trace_tensors(vp::to_json(t));
  REQUIRE(tensors.size() == 2);
  const vp::Tensor& tq = tensors.at("scores/in/Q");
  CHECK(tq.shape == std::vector<int64_t>{2, 3});
  CHECK(tq.data == std::vector<float>{1, 2, 3, 4, 5, 6});
  CHECK(tensors.at("scores/out/scores").data[1] == -std::numeric_limits<float>::infinity());

  const std::vector<uint8_t> bytes = vp::trace_safetensors(vp::to_json(t), {{"scene", "demo"}});
  vp::TensorMetadata meta;
  const vp::TensorMap back = vp::parse_safetensors(bytes.data(), bytes.size(), &meta);
  CHECK(back.at("scores/in/Q").data == tq.data);
  CHECK(meta.at("scene") == "demo");
  CHECK_THROWS_WITH(vp::trace_tensors(nlohmann::json::object()), Catch::Contains("no trace"));
}
