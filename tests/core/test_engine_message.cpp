// Engine messages (formats/engine_message.h): what goes in comes out, bit for bit, and bytes
// that are not a message are refused with a reason, never read past their end.
#include <catch2/catch.hpp>

#include "formats/engine_message.h"

TEST_CASE("an engine message survives its encoding", "[engine]") {
  vp::EngineMessage m{"vit.stage", {{"run", 3}, {"name", "ViT-Ti 中文"}}, {}, {1, 2, 255}};
  m.mats.push_back(vp::Mat::Random(3, 5));
  m.mats.push_back(vp::Mat(0, 4));
  m.mats.push_back(vp::Mat::Constant(1, 1, -0.0f));
  const std::vector<uint8_t> bytes = vp::encode(m);
  const vp::EngineMessage back = vp::decode_engine_message(bytes.data(), bytes.size());
  CHECK(back.kind == "vit.stage");
  CHECK(back.fields == m.fields);
  REQUIRE(back.mats.size() == 3u);
  CHECK(back.mats[0] == m.mats[0]);
  CHECK(back.mats[1].rows() == 0);
  CHECK(back.mats[1].cols() == 4);
  CHECK(std::signbit(back.mats[2](0, 0)));
  CHECK(back.bytes == m.bytes);
}

TEST_CASE("bytes that are not an engine message are refused", "[engine][errors]") {
  vp::EngineMessage m{"train.state", {{"run", 1}}, {vp::Mat::Ones(4, 4)}, {9, 9}};
  const std::vector<uint8_t> bytes = vp::encode(m);
  for (size_t cut = 0; cut < bytes.size(); ++cut)  // every truncation
    CHECK_THROWS_WITH(vp::decode_engine_message(bytes.data(), cut), Catch::Contains("not an engine message"));
  std::vector<uint8_t> longer = bytes;
  longer.push_back(0);
  CHECK_THROWS_WITH(vp::decode_engine_message(longer.data(), longer.size()), Catch::Contains("byte count"));
  std::vector<uint8_t> huge = bytes;
  const std::string header(reinterpret_cast<const char*>(bytes.data()) + 4, bytes.size() - 4);
  const size_t at = header.find("[4,4]");
  REQUIRE(at != std::string::npos);
  huge[4 + at + 1] = '9';  // [9,4]: more floats than there are bytes
  CHECK_THROWS_WITH(vp::decode_engine_message(huge.data(), huge.size()), Catch::Contains("run past the end"));
  const std::string text = "{\"kind\":1}";
  std::vector<uint8_t> bad(4 + text.size());
  const uint32_t n = static_cast<uint32_t>(text.size());
  std::memcpy(bad.data(), &n, 4);
  std::memcpy(bad.data() + 4, text.data(), text.size());
  CHECK_THROWS_WITH(vp::decode_engine_message(bad.data(), bad.size()), Catch::Contains("{kind, fields, mats, bytes}"));
}
