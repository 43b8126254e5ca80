// vitplay-cli: see `vitplay-cli help`.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace {

const char* kUsage = R"(vitplay-cli: the vitplay transformer core on the command line

  vitplay-cli attention --example seed [--scaled] [--round N] [--format text|json]
      the article's six self-attention steps (JSON: the whole trace)

Errors print one line on stderr and exit with code 2.
)";

struct Command {
  const char* name;
  int (*run)(const std::vector<std::string>&);
};

const Command kCommands[] = {
    {"attention", vp::cli::cmd_attention},
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  try {
    for (const Command& c : kCommands)
      if (args[0] == c.name) return c.run({args.begin() + 1, args.end()});
    throw vp::Error("unknown command '" + args[0] + "' (try vitplay-cli help)");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vitplay-cli: error: %s\n", e.what());
    return 2;
  }
}
