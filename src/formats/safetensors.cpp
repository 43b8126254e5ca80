#include "formats/safetensors.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>

#include <nlohmann/json.hpp>

#include "formats/file_bytes.h"

namespace vp {

namespace {

using nlohmann::json;

constexpr uint64_t kMaxDim = std::numeric_limits<int32_t>::max();    // fits an Eigen index everywhere
constexpr size_t kMaxRank = 16;

enum class Dtype { f32, f64, f16, bf16 };

struct DtypeInfo {
  const char* name;
  Dtype kind;
  uint64_t bytes;
};
constexpr DtypeInfo kDtypes[] = {
    {"F32", Dtype::f32, 4}, {"F64", Dtype::f64, 8}, {"F16", Dtype::f16, 2}, {"BF16", Dtype::bf16, 2}};

// A tensor's header entry after every check: its bytes are data[begin, end).
struct Entry {
  std::string name;
  DtypeInfo dtype;
  std::vector<int64_t> shape;
  uint64_t begin, end;
};

[[noreturn]] void fail(const std::string& message) { throw Error("safetensors: " + message); }
[[noreturn]] void fail_tensor(const std::string& name, const std::string& message) {
  fail("tensor " + quote_name(name) + ": " + message);
}

// n bytes at p as a little-endian unsigned integer
uint64_t read_le(const uint8_t* p, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void write_le(std::vector<uint8_t>& out, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// IEEE half: sign, 5 exponent bits (bias 15), 10 mantissa bits.
float half_to_float(uint16_t h) {
  const int exponent = (h >> 10) & 0x1f;
  const int mantissa = h & 0x3ff;
  float v;
  if (exponent == 0)
    v = std::ldexp(static_cast<float>(mantissa), -24);  // zero and subnormals: m * 2^-24
  else if (exponent == 31)
    v = mantissa ? std::numeric_limits<float>::quiet_NaN() : std::numeric_limits<float>::infinity();
  else
    v = std::ldexp(static_cast<float>(mantissa + 1024), exponent - 25);  // (1 + m/1024) * 2^(e-15)
  return (h & 0x8000) ? -v : v;
}

// bfloat16 is the top half of a float32.
float bits_to_float(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

// Doubles beyond float's range become +-Inf (a plain cast would be undefined behaviour).
float double_to_float(uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  if (std::isnan(d)) return std::numeric_limits<float>::quiet_NaN();
  if (d > FLT_MAX) return std::numeric_limits<float>::infinity();
  if (d < -FLT_MAX) return -std::numeric_limits<float>::infinity();
  return static_cast<float>(d);
}

float decode_one(Dtype dtype, const uint8_t* p) {
  switch (dtype) {
    case Dtype::f32: return bits_to_float(static_cast<uint32_t>(read_le(p, 4)));
    case Dtype::f64: return double_to_float(read_le(p, 8));
    case Dtype::f16: return half_to_float(static_cast<uint16_t>(read_le(p, 2)));
    case Dtype::bf16: return bits_to_float(static_cast<uint32_t>(read_le(p, 2)) << 16);
  }
  return 0.0f;
}

DtypeInfo parse_dtype(const std::string& name, const json& info) {
  auto it = info.find("dtype");
  if (it == info.end() || !it->is_string()) fail_tensor(name, "missing or non-string \"dtype\"");
  for (const DtypeInfo& d : kDtypes)
    if (*it == d.name) return d;
  fail_tensor(name, "dtype " + quote_name(it->get<std::string>()) + " is not supported (F32, F64, F16 and BF16 are)");
}

std::vector<int64_t> parse_shape(const std::string& name, const json& info) {
  auto it = info.find("shape");
  if (it == info.end() || !it->is_array()) fail_tensor(name, "missing or non-array \"shape\"");
  if (it->size() > kMaxRank)
    fail_tensor(name, "shape has " + std::to_string(it->size()) + " dimensions (at most " +
                          std::to_string(kMaxRank) + ")");
  std::vector<int64_t> shape;
  for (const json& dim : *it) {
    if (!dim.is_number_integer()) fail_tensor(name, "shape holds a non-integer dimension");
    if (!dim.is_number_unsigned()) fail_tensor(name, "shape holds a negative dimension");
    const uint64_t n = dim.get<uint64_t>();
    if (n > kMaxDim) fail_tensor(name, "dimension " + std::to_string(n) + " is too large");
    shape.push_back(static_cast<int64_t>(n));
  }
  return shape;
}

// [begin, end) within the data section, checked against its size.
std::pair<uint64_t, uint64_t> parse_offsets(const std::string& name, const json& info, uint64_t data_size) {
  auto it = info.find("data_offsets");
  if (it == info.end() || !it->is_array() || it->size() != 2 || !(*it)[0].is_number_unsigned() ||
      !(*it)[1].is_number_unsigned())
    fail_tensor(name, "\"data_offsets\" must be two non-negative integers");
  const uint64_t begin = (*it)[0].get<uint64_t>(), end = (*it)[1].get<uint64_t>();
  if (begin > end || end > data_size)
    fail_tensor(name, "data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                          "] do not fit the data section of " + std::to_string(data_size) + " bytes");
  return {begin, end};
}

Entry parse_entry(const std::string& name, const json& info, uint64_t data_size) {
  if (!info.is_object()) fail_tensor(name, "header entry is not a JSON object");
  Entry e{name, parse_dtype(name, info), parse_shape(name, info), 0, 0};
  std::tie(e.begin, e.end) = parse_offsets(name, info, data_size);
  // bytes = numel * dtype size. A product of dims is only taken while it fits the data
  // section (< 2^64), so it cannot wrap around; a zero dim means no bytes at all.
  uint64_t bytes = 0;
  if (std::find(e.shape.begin(), e.shape.end(), 0) == e.shape.end()) {
    bytes = e.dtype.bytes;
    for (int64_t dim : e.shape) {
      if (bytes > data_size / static_cast<uint64_t>(dim))
        fail_tensor(name, "shape " + shape_str(e.shape) + " of " + e.dtype.name + " needs more bytes than the file has");
      bytes *= static_cast<uint64_t>(dim);
    }
  }
  if (bytes != e.end - e.begin)
    fail_tensor(name, "shape " + shape_str(e.shape) + " of " + e.dtype.name + " needs " + std::to_string(bytes) +
                          " bytes but data_offsets span " + std::to_string(e.end - e.begin));
  return e;
}

void parse_metadata(const json& info, TensorMetadata* metadata) {
  if (!info.is_object()) fail("\"__metadata__\" is not a JSON object");
  for (const auto& [key, value] : info.items()) {
    if (!value.is_string()) fail("\"__metadata__\" value for " + quote_name(key) + " is not a string");
    if (metadata) (*metadata)[key] = value.get<std::string>();
  }
}

// No two tensors may share a byte (empty tensors own none).
void require_disjoint(std::vector<Entry> entries) {
  entries.erase(std::remove_if(entries.begin(), entries.end(), [](const Entry& e) { return e.begin == e.end; }),
                entries.end());
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.begin < b.begin; });
  for (size_t i = 1; i < entries.size(); ++i)
    if (entries[i].begin < entries[i - 1].end)
      fail("tensors " + quote_name(entries[i - 1].name) + " and " + quote_name(entries[i].name) +
           " overlap in the data section");
}

}  // namespace

int64_t numel(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    if (__builtin_mul_overflow(n, d, &n)) throw Error("shape " + shape_str(shape) + " has too many elements");
  return n;
}

std::string quote_name(const std::string& name) {
  std::string q = json(name).dump(-1, ' ', false, json::error_handler_t::replace);
  return q.size() > 80 ? q.substr(0, 76) + "...\"" : q;
}

std::string shape_str(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

TensorMap parse_safetensors(const uint8_t* bytes, size_t size, TensorMetadata* metadata) {
  if (size < 8) fail("file of " + std::to_string(size) + " bytes is too short for the 8-byte header length");
  const uint64_t header_size = read_le(bytes, 8);
  if (header_size > kMaxSafetensorsHeaderBytes)
    fail("header length " + std::to_string(header_size) + " exceeds the 100 MB limit");
  if (header_size > size - 8)
    fail("header length " + std::to_string(header_size) + " exceeds the " + std::to_string(size - 8) +
         " bytes that follow it (truncated file?)");
  const uint8_t* header_begin = bytes + 8;
  const uint8_t* data = header_begin + header_size;
  const uint64_t data_size = size - 8 - header_size;

  const json header = json::parse(header_begin, data, nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded()) fail("header is not valid JSON");
  if (!header.is_object()) fail("header is not a JSON object");

  std::vector<Entry> entries;
  for (const auto& [name, info] : header.items()) {
    if (name == "__metadata__")
      parse_metadata(info, metadata);
    else
      entries.push_back(parse_entry(name, info, data_size));
  }
  require_disjoint(entries);
  uint64_t decoded = 0;  // each entry fits in the file, so the sum cannot overflow
  for (const Entry& e : entries) decoded += (e.end - e.begin) / e.dtype.bytes * 4;
  if (decoded > kMaxDecodedTensorBytes)
    fail("the tensors decode to " + std::to_string(decoded >> 20) + " MiB of float32, more than the limit of " +
         std::to_string(kMaxDecodedTensorBytes >> 20) + " MiB");

  // Only now, with every size checked against the file, allocate and decode.
  TensorMap tensors;
  for (const Entry& e : entries) {
    Tensor& t = tensors[e.name];
    t.shape = e.shape;
    t.data.resize(static_cast<size_t>((e.end - e.begin) / e.dtype.bytes));
    for (size_t i = 0; i < t.data.size(); ++i) t.data[i] = decode_one(e.dtype.kind, data + e.begin + i * e.dtype.bytes);
  }
  return tensors;
}

TensorMap read_safetensors(const std::string& path, TensorMetadata* metadata) {
  UniqueFile f(std::fopen(path.c_str(), "rb"));
  if (!f) throw Error("cannot open " + quote_name(path));
  std::vector<uint8_t> bytes;
  uint8_t chunk[1 << 16];
  while (size_t n = std::fread(chunk, 1, sizeof chunk, f.get())) bytes.insert(bytes.end(), chunk, chunk + n);
  if (std::ferror(f.get())) throw Error("cannot read " + quote_name(path));
  try {
    return parse_safetensors(bytes.data(), bytes.size(), metadata);
  } catch (const Error& e) {
    throw Error(quote_name(path) + ": " + e.what());
  }
}

std::vector<uint8_t> serialize_safetensors(const TensorMap& tensors, const TensorMetadata& metadata) {
  json header = json::object();
  uint64_t offset = 0;
  for (const auto& [name, t] : tensors) {
    if (name == "__metadata__") fail("\"__metadata__\" is reserved and cannot name a tensor");
    for (int64_t d : t.shape)
      if (d < 0) fail_tensor(name, "shape " + shape_str(t.shape) + " has a negative dimension");
    if (numel(t.shape) != static_cast<int64_t>(t.data.size()))
      fail_tensor(name, "shape " + shape_str(t.shape) + " does not hold its " + std::to_string(t.data.size()) +
                            " values");
    const uint64_t bytes = 4 * t.data.size();
    header[name] = {{"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  if (!metadata.empty()) header["__metadata__"] = metadata;

  std::string text;
  try {
    text = header.dump();
  } catch (const json::exception&) {
    fail("a tensor name or metadata string is not valid UTF-8");
  }
  text.append((8 - text.size() % 8) % 8, ' ');  // the format pads the header to 8 bytes

  std::vector<uint8_t> out;
  out.reserve(8 + text.size() + offset);
  write_le(out, text.size(), 8);
  out.insert(out.end(), text.begin(), text.end());
  for (const auto& entry : tensors)
    for (float v : entry.second.data) {
      uint32_t bits;
      std::memcpy(&bits, &v, sizeof bits);
      write_le(out, bits, 4);
    }
  return out;
}

void write_safetensors(const std::string& path, const TensorMap& tensors, const TensorMetadata& metadata) {
  const std::vector<uint8_t> bytes = serialize_safetensors(tensors, metadata);
  UniqueFile f(std::fopen(path.c_str(), "wb"));
  if (!f || std::fwrite(bytes.data(), 1, bytes.size(), f.get()) != bytes.size() || std::fclose(f.release()) != 0)
    throw Error("cannot write " + quote_name(path));
}

}  // namespace vp
