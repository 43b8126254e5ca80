// vitplay-cli: the command-line face of the core. Each command is one function taking
// the arguments after its name; vp::Error thrown anywhere becomes one line on stderr and
// exit code 2.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "train/model_zoo.h"
#include "nn/trace.h"

namespace vp {
struct TrainProgress;
}

namespace vp::cli {

// --flag value / --switch / positional arguments, checked against what a command accepts.
struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // "--heads" -> "2"; switches map to ""

  bool has(const std::string& flag) const { return options.count(flag) != 0; }
  std::string get(const std::string& flag, const std::string& fallback = "") const;
  std::string require(const std::string& flag) const;
  int get_int(const std::string& flag, int fallback, int min, int max) const;
};

// value_flags take a value, switch_flags do not; anything else is an error.
Args parse_args(const std::vector<std::string>& argv, const std::vector<std::string>& value_flags,
                const std::vector<std::string>& switch_flags);

// The core's thread count from --threads N (1 to kMaxThreads; without it, one thread per core),
// for every command that computes. Throws vp::Error for another value.
void use_threads(const Args& a);

// Prints a trace for people: each step's title, formula and matrices.
void print_trace_text(const Trace& trace);
// Prints one matrix with its name and shape.
void print_matrix(const std::string& name, const Mat& m);

// A shipped model's data set (train or held-out split), from where data_paths.h says it is.
ImageDataset load_dataset(const ModelRecipe& recipe, Split split);

// A training run's progress on one terminal line, rewritten every 25 steps and when an epoch
// ends: "epoch 3/8  step 600/2144  loss 0.5718  lr 9.26e-04  1326 numbers/s  ETA 37 s".
// `unit` names what a batch holds ("images", "numbers"); seconds: since training began.
void print_train_progress(const TrainProgress& p, int epochs, int batch_size, double seconds, const char* unit,
                          bool epoch_ended);

int cmd_attention(const std::vector<std::string>& argv);
int cmd_run(const std::vector<std::string>& argv);
int cmd_grad(const std::vector<std::string>& argv);
int cmd_train(const std::vector<std::string>& argv);
int cmd_eval(const std::vector<std::string>& argv);
int cmd_bench(const std::vector<std::string>& argv);
int cmd_live_train(const std::vector<std::string>& argv);
int cmd_classify(const std::vector<std::string>& argv);
int cmd_translate(const std::vector<std::string>& argv);
// train and eval hand the numbers-translator over to these (cmd_translate.cpp)
bool names_translator(const std::vector<std::string>& argv);  // it is train's model or eval's --model
int train_numbers_translator(const std::vector<std::string>& argv);
int eval_numbers_translator(const std::vector<std::string>& argv);

}  // namespace vp::cli
