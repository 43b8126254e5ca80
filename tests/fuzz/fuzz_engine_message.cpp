// Engine messages from bytes (what crosses into and out of the page's Web Worker): any bytes
// must decode or be refused with vp::Error, and what decodes must re-encode to the same bytes
// and be read by the app's side (a training state, a ViT model, interventions) or refused the
// same way, nothing else.
#include <cstddef>
#include <cstdint>

#include "formats/engine_message.h"
#include "lessons/vit_messages.h"
#include "lessons/vit_session.h"
#include "train/training_messages.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vp::EngineMessage m;
  try {
    m = vp::decode_engine_message(data, size);
  } catch (const vp::Error&) {
    return 0;
  }
  const std::vector<uint8_t> again = vp::encode(m);
  const vp::EngineMessage back = vp::decode_engine_message(again.data(), again.size());
  if (back.kind != m.kind || back.mats.size() != m.mats.size() || back.bytes != m.bytes) __builtin_trap();
  auto refused_or_read = [](auto read) {
    try {
      read();
    } catch (const vp::Error&) {
    }
  };
  refused_or_read([&] { vp::training_snapshot_from(m); });
  refused_or_read([&] { vp::training_settings_from(m); });
  refused_or_read([&] { vp::VitSessionModel::from_message(m, "models"); });
  refused_or_read([&] { vp::interventions_from(m.fields); });
  refused_or_read([&] { vp::vit_config_from(m.fields); });
  return 0;
}
