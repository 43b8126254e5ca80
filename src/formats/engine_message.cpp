#include "formats/engine_message.h"

#include <cstring>

namespace vp {

namespace {

size_t padded(size_t n) { return (n + 3) & ~size_t{3}; }

}  // namespace

std::vector<uint8_t> encode(const EngineMessage& m) {
  nlohmann::json shapes = nlohmann::json::array();
  size_t floats = 0;
  for (const Mat& mat : m.mats) {
    shapes.push_back({mat.rows(), mat.cols()});
    floats += static_cast<size_t>(mat.size());
  }
  const std::string header =
      nlohmann::json{{"kind", m.kind}, {"fields", m.fields}, {"mats", shapes}, {"bytes", m.bytes.size()}}.dump();
  const size_t data_at = padded(4 + header.size());
  std::vector<uint8_t> out(data_at + floats * sizeof(float) + m.bytes.size(), 0);
  const uint32_t header_size = static_cast<uint32_t>(header.size());
  std::memcpy(out.data(), &header_size, 4);
  std::memcpy(out.data() + 4, header.data(), header.size());
  uint8_t* p = out.data() + data_at;
  for (const Mat& mat : m.mats) {
    // Mat is row-major (nn/tensor.h): its storage is the wire's order; an empty one has no storage
    if (mat.size() > 0) std::memcpy(p, mat.data(), static_cast<size_t>(mat.size()) * sizeof(float));
    p += static_cast<size_t>(mat.size()) * sizeof(float);
  }
  if (!m.bytes.empty()) std::memcpy(p, m.bytes.data(), m.bytes.size());
  return out;
}

EngineMessage decode_engine_message(const uint8_t* data, size_t size) {
  auto bad = [](const std::string& why) { return Error("not an engine message: " + why); };
  if (size < 4) throw bad("fewer than 4 bytes");
  uint32_t header_size = 0;
  std::memcpy(&header_size, data, 4);
  if (header_size > size - 4) throw bad("the header runs past the end");
  nlohmann::json header = nlohmann::json::parse(data + 4, data + 4 + header_size, nullptr, false);
  if (!header.is_object() || !header.contains("kind") || !header["kind"].is_string() || !header.contains("mats") ||
      !header["mats"].is_array() || !header.contains("bytes") || !header["bytes"].is_number_unsigned())
    throw bad("the header is not {kind, fields, mats, bytes}");
  EngineMessage m;
  m.kind = header["kind"].get<std::string>();
  if (header.contains("fields")) m.fields = header["fields"];
  size_t at = padded(4 + header_size);
  for (const nlohmann::json& shape : header["mats"]) {
    if (!shape.is_array() || shape.size() != 2 || !shape[0].is_number_unsigned() || !shape[1].is_number_unsigned())
      throw bad("a matrix shape is not [rows, cols]");
    const uint64_t rows = shape[0].get<uint64_t>(), cols = shape[1].get<uint64_t>();
    if (rows > (1u << 24) || cols > (1u << 24) || rows * cols > (size - std::min(at, size)) / sizeof(float))
      throw bad("the matrices run past the end");
    Mat mat(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
    if (rows * cols > 0) std::memcpy(mat.data(), data + at, rows * cols * sizeof(float));
    at += rows * cols * sizeof(float);
    m.mats.push_back(std::move(mat));
  }
  const uint64_t n = header["bytes"].get<uint64_t>();
  if (at > size || n != size - at) throw bad("the byte count does not match the size");
  m.bytes.assign(data + at, data + size);
  return m;
}

}  // namespace vp
