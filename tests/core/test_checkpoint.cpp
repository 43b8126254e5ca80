// Checkpoints: parameters to tensors and back through visit_params, and the errors a bad
// checkpoint gets.
#include <catch2/catch.hpp>
#include <limits>

#include "formats/checkpoint.h"
#include "models/decoder_layer.h"

using Catch::Contains;

namespace {

// A decoder layer (d 8, 2 heads, d_ff 16) with every parameter set to a different value.
vp::DecoderLayer numbered_decoder_layer() {
  vp::EncoderLayerConfig c;
  c.d_model = 8;
  c.d_ff = 16;
  vp::DecoderLayer l = vp::decoder_layer_zeros(c);
  float next = 0;
  vp::visit_params(l, "", [&](const vp::ParamRef& p) {
    for (int64_t i = 0; i < p.numel(); ++i) p.data[i] = (next += 0.01f);
  });
  return l;
}

vp::DecoderLayer empty_decoder_layer() {
  vp::EncoderLayerConfig c;
  c.d_model = 8;
  c.d_ff = 16;
  return vp::decoder_layer_zeros(c);
}

}  // namespace

TEST_CASE("checkpoint: PyTorch's state_dict names and shapes", "[checkpoint]") {
  vp::DecoderLayer l = numbered_decoder_layer();
  vp::TensorMap t = vp::save_params(vp::walk_params(l));
  const std::map<std::string, std::vector<int64_t>> expected = {
      {"self_attn.in_proj_weight", {24, 8}},      {"self_attn.in_proj_bias", {24}},
      {"self_attn.out_proj.weight", {8, 8}},      {"self_attn.out_proj.bias", {8}},
      {"multihead_attn.in_proj_weight", {24, 8}}, {"multihead_attn.in_proj_bias", {24}},
      {"multihead_attn.out_proj.weight", {8, 8}}, {"multihead_attn.out_proj.bias", {8}},
      {"linear1.weight", {16, 8}},                {"linear1.bias", {16}},
      {"linear2.weight", {8, 16}},                {"linear2.bias", {8}},
      {"norm1.weight", {8}},                      {"norm1.bias", {8}},
      {"norm2.weight", {8}},                      {"norm2.bias", {8}},
      {"norm3.weight", {8}},                      {"norm3.bias", {8}}};
  REQUIRE(t.size() == expected.size());
  for (const auto& [name, shape] : expected) {
    INFO(name);
    REQUIRE(t.count(name));
    CHECK(t[name].shape == shape);
  }
  // PyTorch's layout: row r of linear1.weight is output r
  CHECK(t["linear1.weight"].data[8] == l.ff.linear1.weight(1, 0));
}

TEST_CASE("checkpoint: save, serialize, parse and load gives the same layer", "[checkpoint]") {
  vp::DecoderLayer a = numbered_decoder_layer();
  auto bytes = vp::serialize_safetensors(vp::save_params(vp::walk_params(a)));
  vp::DecoderLayer b = empty_decoder_layer();
  vp::load_params(vp::walk_params(b), vp::parse_safetensors(bytes.data(), bytes.size()));
  CHECK(b.self_attn.in_proj_weight == a.self_attn.in_proj_weight);
  CHECK(b.multihead_attn.out_proj.bias == a.multihead_attn.out_proj.bias);
  CHECK(b.ff.linear2.weight == a.ff.linear2.weight);
  CHECK(b.norm3.bias == a.norm3.bias);
}

TEST_CASE("checkpoint: missing, unexpected, mis-shaped and non-finite tensors", "[checkpoint][errors]") {
  const vp::DecoderLayer a = numbered_decoder_layer();
  vp::DecoderLayer copy = a;
  const vp::TensorMap good = vp::save_params(vp::walk_params(copy));
  vp::DecoderLayer b = empty_decoder_layer();
  auto load = [&](const vp::TensorMap& t) { vp::load_params(vp::walk_params(b), t); };

  vp::TensorMap t = good;
  t.erase("norm2.bias");
  CHECK_THROWS_WITH(load(t), Contains("missing tensor \"norm2.bias\"") && Contains("[8]"));

  t = good;
  t["decoder.extra"] = {{1}, {0}};
  CHECK_THROWS_WITH(load(t), Contains("unexpected tensor \"decoder.extra\""));
  // names the caller declares as data are allowed
  vp::load_params(vp::walk_params(b), t, {"decoder.extra"});
  CHECK(b.norm1.weight == a.norm1.weight);

  t = good;
  t["linear1.weight"].shape = {8, 16};
  CHECK_THROWS_WITH(load(t), Contains("\"linear1.weight\"") && Contains("[8, 16]") && Contains("expected [16, 8]"));

  t = good;
  t["norm1.weight"].data[3] = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_WITH(load(t), Contains("\"norm1.weight\"") && Contains("NaN at index 3"));
  t = good;
  t["linear2.bias"].data[0] = -std::numeric_limits<float>::infinity();
  CHECK_THROWS_WITH(load(t), Contains("\"linear2.bias\"") && Contains("Inf at index 0"));
}
