// The app's one engine (platform/engine.h), started by the first request: the training
// controller and the ViT scene post to it; App::frame() hands its replies to them.
#pragma once
#include <vector>

#include "formats/engine_message.h"

namespace vp::app {

void post_to_engine(EngineMessage request);
std::vector<EngineMessage> engine_replies();  // since the last call; none before the first post

}  // namespace vp::app
