// safetensors: the round trip, dtype conversion, and every kind of bad file refused with a
// one-line message naming the problem.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <random>

#include "formats/safetensors.h"

using Catch::Contains;

namespace {

// A file by hand: u64 little-endian header length, the header text, then the data.
std::vector<uint8_t> file_with(const std::string& header, const std::vector<uint8_t>& data = {}) {
  std::vector<uint8_t> f;
  for (int i = 0; i < 8; ++i) f.push_back(static_cast<uint8_t>(uint64_t(header.size()) >> (8 * i)));
  f.insert(f.end(), header.begin(), header.end());
  f.insert(f.end(), data.begin(), data.end());
  return f;
}

// The message parse_safetensors throws for these bytes (fails the test if it accepts them).
std::string error_for(const std::vector<uint8_t>& bytes) {
  try {
    vp::parse_safetensors(bytes.data(), bytes.size());
  } catch (const vp::Error& e) {
    const std::string message = e.what();
    CHECK(message.find('\n') == std::string::npos);
    return message;
  }
  FAIL("the file was accepted");
  return "";
}

// The header of one tensor "a" with the given dtype, shape and offsets (as JSON text).
std::string entry(const std::string& dtype, const std::string& shape, const std::string& offsets) {
  return R"({"a":{"dtype":")" + dtype + R"(","shape":)" + shape + R"(,"data_offsets":)" + offsets + "}}";
}

}  // namespace

TEST_CASE("safetensors: a hand-written F32 file reads back its values", "[safetensors]") {
  // 1.0f = 0x3f800000, -2.5f = 0xc0200000, little-endian
  auto f = file_with(entry("F32", "[2]", "[0,8]"), {0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x20, 0xc0});
  vp::TensorMap t = vp::parse_safetensors(f.data(), f.size());
  REQUIRE(t.size() == 1);
  CHECK(t["a"].shape == std::vector<int64_t>{2});
  CHECK(t["a"].data == std::vector<float>{1.0f, -2.5f});
}

TEST_CASE("safetensors: serialize then parse gives the same tensors and metadata", "[safetensors]") {
  vp::TensorMap in;
  in["x"] = {{2, 3}, {1, 2, 3, 4, 5, -6.5f}};
  in["bias"] = {{3}, {0.1f, 0.2f, 0.3f}};
  in["scalar"] = {{}, {42}};
  in["empty"] = {{0, 4}, {}};
  const vp::TensorMetadata meta = {{"heads", "2"}, {"note", "line\nbreak"}};
  auto bytes = vp::serialize_safetensors(in, meta);
  uint64_t header_size = 0;
  for (int i = 7; i >= 0; --i) header_size = (header_size << 8) | bytes[i];
  CHECK(header_size % 8 == 0);  // data starts 8-byte aligned
  CHECK(bytes.size() == 8 + header_size + 4 * (6 + 3 + 1));

  vp::TensorMetadata meta_out;
  vp::TensorMap out = vp::parse_safetensors(bytes.data(), bytes.size(), &meta_out);
  CHECK(meta_out == meta);
  REQUIRE(out.size() == in.size());
  for (const auto& [name, t] : in) {
    CHECK(out[name].shape == t.shape);
    CHECK(out[name].data == t.data);
  }
}

TEST_CASE("safetensors: write and read a file", "[safetensors]") {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("vitplay-roundtrip-" + std::to_string(std::random_device{}()) + ".safetensors"))
                               .string();
  vp::TensorMap in;
  in["w"] = {{2, 2}, {1, 2, 3, 4}};
  vp::write_safetensors(path, in);
  CHECK(vp::read_safetensors(path)["w"].data == in["w"].data);
  std::remove(path.c_str());
  CHECK_THROWS_WITH(vp::read_safetensors(path), Contains("cannot open") && Contains("vitplay-roundtrip"));
}

TEST_CASE("safetensors: F16, BF16 and F64 are converted to float", "[safetensors]") {
  const float inf = std::numeric_limits<float>::infinity();
  // F16: 1, -2, 0.5, 65504 (largest), 2^-24 (smallest subnormal), -0, +inf, NaN
  auto f16 = file_with(entry("F16", "[8]", "[0,16]"), {0x00, 0x3c, 0x00, 0xc0, 0x00, 0x38, 0xff, 0x7b,
                                                        0x01, 0x00, 0x00, 0x80, 0x00, 0x7c, 0x00, 0x7e});
  auto h = vp::parse_safetensors(f16.data(), f16.size())["a"].data;
  CHECK(h[0] == 1.0f);
  CHECK(h[1] == -2.0f);
  CHECK(h[2] == 0.5f);
  CHECK(h[3] == 65504.0f);
  CHECK(h[4] == std::ldexp(1.0f, -24));
  CHECK((h[5] == 0.0f && std::signbit(h[5])));
  CHECK(h[6] == inf);
  CHECK(std::isnan(h[7]));

  // BF16 is the top half of a float: 1, -2, 3.140625
  auto bf16 = file_with(entry("BF16", "[3]", "[0,6]"), {0x80, 0x3f, 0x00, 0xc0, 0x49, 0x40});
  CHECK(vp::parse_safetensors(bf16.data(), bf16.size())["a"].data == std::vector<float>{1.0f, -2.0f, 3.140625f});

  // F64: 0.1 rounds to the nearest float, 1e300 overflows to +inf
  std::vector<uint8_t> data;
  for (double d : {0.1, 1e300}) {
    uint64_t bits;
    std::memcpy(&bits, &d, 8);
    for (int i = 0; i < 8; ++i) data.push_back(static_cast<uint8_t>(bits >> (8 * i)));
  }
  auto f64 = file_with(entry("F64", "[2]", "[0,16]"), data);
  CHECK(vp::parse_safetensors(f64.data(), f64.size())["a"].data == std::vector<float>{0.1f, inf});
}

TEST_CASE("safetensors: truncated files", "[safetensors][errors]") {
  CHECK_THAT(error_for({1, 2, 3}), Contains("too short"));
  auto whole = vp::serialize_safetensors({{"x", {{4}, {1, 2, 3, 4}}}});
  // cut inside the data: the offsets no longer fit
  CHECK_THAT(error_for({whole.begin(), whole.end() - 3}), Contains("tensor \"x\"") && Contains("do not fit"));
  // cut inside the header: the length points past the end
  CHECK_THAT(error_for({whole.begin(), whole.begin() + 20}), Contains("truncated"));
}

TEST_CASE("safetensors: header length and JSON", "[safetensors][errors]") {
  std::vector<uint8_t> huge = {0, 0, 0, 0, 0, 1, 0, 0, '{', '}'};  // 2^40
  CHECK_THAT(error_for(huge), Contains("100 MB"));
  CHECK_THAT(error_for(file_with("{\"a\": ")), Contains("not valid JSON"));
  CHECK_THAT(error_for(file_with("")), Contains("not valid JSON"));
  CHECK_THAT(error_for(file_with("[1, 2]")), Contains("not a JSON object"));
  CHECK_THAT(error_for(file_with(R"({"a": 3})")), Contains("tensor \"a\"") && Contains("not a JSON object"));
  CHECK_THAT(error_for(file_with(R"({"__metadata__": {"k": 1}})")), Contains("__metadata__") && Contains("\"k\""));
  CHECK_THAT(error_for(file_with(R"({"__metadata__": []})")), Contains("__metadata__"));
  // an empty header is a valid file with no tensors
  const auto empty = file_with("{}");
  CHECK(vp::parse_safetensors(empty.data(), empty.size()).empty());
}

TEST_CASE("safetensors: bad offsets and overlapping tensors", "[safetensors][errors]") {
  const std::vector<uint8_t> data(16);
  CHECK_THAT(error_for(file_with(entry("F32", "[1]", "[8,4]"), data)), Contains("data_offsets [8, 4]"));
  CHECK_THAT(error_for(file_with(entry("F32", "[1]", "[16,20]"), data)), Contains("16 bytes"));
  CHECK_THAT(error_for(file_with(entry("F32", "[1]", "[0.5,4]"), data)), Contains("non-negative integers"));
  CHECK_THAT(error_for(file_with(entry("F32", "[1]", "[-4,0]"), data)), Contains("non-negative integers"));
  CHECK_THAT(error_for(file_with(entry("F32", "[1]", "[0,4,8]"), data)), Contains("two"));
  CHECK_THAT(error_for(file_with(R"({"a":{"dtype":"F32","shape":[1]}})", data)), Contains("data_offsets"));
  CHECK_THAT(error_for(file_with(entry("F32", "[3]", "[0,8]"), data)),
             Contains("needs 12 bytes") && Contains("span 8"));
  const std::string overlap = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                              R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})";
  CHECK_THAT(error_for(file_with(overlap, data)), Contains("\"a\" and \"b\" overlap"));
}

TEST_CASE("safetensors: dtypes and shapes", "[safetensors][errors]") {
  const std::vector<uint8_t> data(16);
  CHECK_THAT(error_for(file_with(entry("I32", "[4]", "[0,16]"), data)),
             Contains("tensor \"a\"") && Contains("dtype \"I32\" is not supported"));
  CHECK_THAT(error_for(file_with(R"({"a":{"dtype":7,"shape":[4],"data_offsets":[0,16]}})", data)),
             Contains("dtype"));
  CHECK_THAT(error_for(file_with(entry("F32", "[-4]", "[0,16]"), data)), Contains("negative"));
  CHECK_THAT(error_for(file_with(entry("F32", "[2.5]", "[0,16]"), data)), Contains("non-integer"));
  CHECK_THAT(error_for(file_with(entry("F32", "4", "[0,16]"), data)), Contains("shape"));
  CHECK_THAT(error_for(file_with(entry("F32", "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,4]", "[0,16]"), data)),
             Contains("17 dimensions"));
  // a name with a line break stays on one line in the message
  CHECK_THAT(error_for(file_with(R"({"a\nb":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}})", data)),
             Contains(R"("a\nb")"));
}

TEST_CASE("safetensors: huge declared sizes are refused before allocating", "[safetensors][errors]") {
  const std::vector<uint8_t> data(16);
  // a 4 GB tensor in a 16-byte data section
  CHECK_THAT(error_for(file_with(entry("F32", "[1073741824]", "[0,4294967296]"), data)), Contains("do not fit"));
  CHECK_THAT(error_for(file_with(entry("F32", "[65536,65536]", "[0,16]"), data)), Contains("more bytes than the file"));
  CHECK_THAT(error_for(file_with(entry("F32", "[4294967296]", "[0,16]"), data)), Contains("too large"));
  // dims whose product would wrap around 2^64 are never multiplied out
  CHECK_THAT(error_for(file_with(entry("F32", "[2147483647,2147483647,2147483647,8]", "[0,16]"), data)),
             Contains("more bytes than the file"));
  // but any zero dim makes an empty tensor, whatever the others
  const auto empty = file_with(entry("F32", "[2147483647,2147483647,0]", "[16,16]"), data);
  CHECK(vp::parse_safetensors(empty.data(), empty.size())["a"].data.empty());
}

TEST_CASE("safetensors: serializing inconsistent tensors is an error", "[safetensors][errors]") {
  CHECK_THROWS_WITH(vp::serialize_safetensors({{"x", {{2, 2}, {1, 2, 3}}}}),
                    Contains("tensor \"x\"") && Contains("[2, 2]"));
  CHECK_THROWS_WITH(vp::serialize_safetensors({{"x", {{-1}, {}}}}), Contains("negative"));
  CHECK_THROWS_WITH(vp::serialize_safetensors({{"__metadata__", {{1}, {1}}}}), Contains("reserved"));
}
