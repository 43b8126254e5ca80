// The engine: the long work of every lesson (live training, a ViT over an image, reading a
// checkpoint), one message at a time, with the weights it works on kept here. The app talks to
// it only by messages (formats/engine_message.h); platform/engine.h runs it away from the
// drawing thread (a std::thread natively, a Web Worker in the page: src/mains/engine/).
//
//   receive(request)  short requests are answered at once; long ones become work
//   work()            one unit of that work (a mini-batch, an evaluation chunk, a ViT layer)
//   take_replies()    what the engine said since the last call
#pragma once
#include <string>
#include <vector>

#include "formats/engine_message.h"
#include "lessons/vit_worker.h"
#include "train/training_job.h"

namespace vp {

class EngineCore {
 public:
  explicit EngineCore(TrainingDataAccess data);

  void receive(const EngineMessage& request);
  EngineWork work();
  std::vector<EngineMessage> take_replies();

 private:
  TrainingJob training_;
  VitWorker vit_;
  std::vector<EngineMessage> replies_;
};

}  // namespace vp
