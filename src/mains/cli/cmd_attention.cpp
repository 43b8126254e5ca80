// vitplay-cli attention --example seed [--scaled] [--round N] [--format text|json]
#include <cstdio>

#include <nlohmann/json.hpp>

#include "mains/cli/cli.h"
#include "lessons/examples.h"

namespace vp::cli {

int cmd_attention(const std::vector<std::string>& argv) {
  Args a = parse_args(argv, {"--example", "--round", "--format"}, {"--scaled"});
  const std::string example = a.get("--example", "seed");
  if (example != "seed") throw Error("unknown example '" + example + "' (available: seed)");
  const std::string format = a.get("--format", "text");
  if (format != "text" && format != "json") throw Error("--format must be text or json");

  SelfAttentionExample ex = article_example();
  SelfAttentionOptions opts;
  opts.scaled = a.has("--scaled");
  opts.round_decimals = a.get_int("--round", -1, 0, 6);

  Trace trace;
  trace.name = "self-attention";
  self_attention(ex.x, ex.weights, opts, &trace);
  if (format == "json") {
    std::printf("%s\n", to_json(trace).dump(2).c_str());
  } else {
    std::printf("Self-attention on the article's example (%s%s)\n\n", opts.scaled ? "scaled by 1/sqrt(d_k)" : "unscaled",
                opts.round_decimals >= 0 ? ", weights rounded keeping rows summing to 1" : "");
    print_trace_text(trace);
  }
  return 0;
}

}  // namespace vp::cli
