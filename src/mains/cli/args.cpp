#include <algorithm>

#include "mains/cli/cli.h"
#include "nn/parallel.h"

namespace vp::cli {

std::string Args::get(const std::string& flag, const std::string& fallback) const {
  auto it = options.find(flag);
  return it == options.end() ? fallback : it->second;
}

std::string Args::require(const std::string& flag) const {
  auto it = options.find(flag);
  if (it == options.end()) throw Error("missing required option " + flag);
  return it->second;
}

int Args::get_int(const std::string& flag, int fallback, int min, int max) const {
  auto it = options.find(flag);
  if (it == options.end()) return fallback;
  try {
    size_t used = 0;
    long v = std::stol(it->second, &used);
    if (used != it->second.size() || v < min || v > max) throw std::out_of_range("");
    return static_cast<int>(v);
  } catch (const std::exception&) {
    throw Error(flag + " expects a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
                ", got '" + it->second + "'");
  }
}

void use_threads(const Args& a) { set_threads(a.get_int("--threads", 0, 1, kMaxThreads)); }

Args parse_args(const std::vector<std::string>& argv, const std::vector<std::string>& value_flags,
                const std::vector<std::string>& switch_flags) {
  auto contains = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  Args a;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg.rfind("--", 0) != 0) {
      a.positional.push_back(arg);
    } else if (contains(value_flags, arg)) {
      if (i + 1 >= argv.size()) throw Error(arg + " needs a value");
      a.options[arg] = argv[++i];
    } else if (contains(switch_flags, arg)) {
      a.options[arg] = "";
    } else {
      throw Error("unknown option " + arg);
    }
  }
  return a;
}

}  // namespace vp::cli
