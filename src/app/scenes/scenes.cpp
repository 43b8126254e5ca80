// The scene list, in the article's order.
#include "app/scene.h"

namespace vp::app {

std::unique_ptr<Scene> make_self_attention_scene();
std::unique_ptr<Scene> make_multi_head_scene();
std::unique_ptr<Scene> make_encoder_scene();
std::unique_ptr<Scene> make_decoder_scene();
std::unique_ptr<Scene> make_embedding_scene();
std::unique_ptr<Scene> make_positional_encoding_scene();
std::unique_ptr<Scene> make_cnn_vs_attention_scene();
std::unique_ptr<Scene> make_vit_scene();
std::unique_ptr<Scene> make_training_scene();

std::vector<std::unique_ptr<Scene>> make_scenes() {
  std::vector<std::unique_ptr<Scene>> scenes;
  scenes.push_back(make_self_attention_scene());
  scenes.push_back(make_multi_head_scene());
  scenes.push_back(make_encoder_scene());
  scenes.push_back(make_decoder_scene());
  scenes.push_back(make_embedding_scene());
  scenes.push_back(make_positional_encoding_scene());
  scenes.push_back(make_cnn_vs_attention_scene());
  scenes.push_back(make_vit_scene());
  scenes.push_back(make_training_scene());
  return scenes;
}

}  // namespace vp::app
