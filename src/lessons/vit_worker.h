// The engine's side of the ViT lesson (messages: lessons/vit_messages.h): the checkpoints with
// their weights, read here from the bytes the session sends (the shipped models' files, or a
// file the user opened), and the run of one of them over an image, a stage per work() call
// (the patches and their embedding, then each encoder layer, then the head and the attention
// rollout), each stage's matrices sent as soon as it is computed. A newer run replaces the
// one in progress.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "formats/engine_message.h"
#include "models/vit_naming.h"
#include "models/vit_run.h"

namespace vp {

class VitWorker {
 public:
  void receive(const EngineMessage& m, std::vector<EngineMessage>& replies);
  EngineWork work(std::vector<EngineMessage>& replies);

 private:

  struct Run {
    int id = 0;
    size_t model = 0;
    VitInterventions interventions;
    Mat input;  // [C*H, W]
    VitRun state;
    bool started = false;
  };

  std::vector<VitCheckpoint> models_;  // by the id vit.model gave
  std::optional<Run> run_;
};

}  // namespace vp
