// A message between the app and its engine, the part of vitplay that does the long work
// (training, a ViT over an image, reading a checkpoint) away from the drawing thread:
// natively a std::thread, in the page a Web Worker running its own WebAssembly module. Both
// directions carry the same messages, by value: a kind ("train.start", "vit.stage", ...), small
// fields as JSON, matrices, and a file's bytes. Into and out of a Web Worker a message travels
// as one byte buffer:
//
//   u32 header size | header: JSON {kind, fields, mats: [[rows, cols], ...], bytes: n}
//   | padding to 4 | each matrix's rows*cols floats, row-major | the bytes
#pragma once
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "nn/tensor.h"

namespace vp {

struct EngineMessage {
  std::string kind;
  nlohmann::json fields = nlohmann::json::object();
  std::vector<Mat> mats;
  std::vector<uint8_t> bytes;
};

// What an engine's long work did in one call: more to do at once, waiting on something
// outside (a download; ask again a little later), or nothing to do until the next message.
enum class EngineWork { busy, waiting, idle };

// fields[key] as T; a vp::Error naming the key when it is missing or of another type (a
// fraction where a whole number belongs included: it would not convert to one).
template <class T>
T message_field(const nlohmann::json& fields, const char* key) {
  const auto it = fields.is_object() ? fields.find(key) : fields.end();
  if (it == fields.end()) throw Error(std::string("the message has no field '") + key + "'");
  const bool fits = std::is_same_v<T, bool> ? it->is_boolean()
                    : std::is_integral_v<T> ? it->is_number_integer()
                    : std::is_floating_point_v<T> ? it->is_number()
                    : std::is_same_v<T, std::string> ? it->is_string()
                                                     : true;
  if (!fits) throw Error(std::string("the message's field '") + key + "' is " + it->dump());
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("the message's field '") + key + "': " + e.what());
  }
}

std::vector<uint8_t> encode(const EngineMessage& m);
// Throws vp::Error for bytes that are not an encoded message (truncated, bad header, sizes
// that do not add up).
EngineMessage decode_engine_message(const uint8_t* data, size_t size);

}  // namespace vp
