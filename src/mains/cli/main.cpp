// vitplay-cli: see `vitplay-cli help`.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "mains/cli/cli.h"

namespace {

const char* kUsage = R"(vitplay-cli: the vitplay transformer core on the command line

  vitplay-cli attention --example seed [--scaled] [--round N] [--format text|json]
      the article's six self-attention steps (JSON: the whole trace)

  vitplay-cli run mha|encoder-layer|decoder-layer --weights W.safetensors
                  --input X.safetensors --out Y.safetensors [--heads H] [--causal]
                  [--norm-first] [--activation relu|gelu] [--memory M.safetensors]
      runs one PyTorch layer (nn.MultiheadAttention as self-attention,
      nn.TransformerEncoderLayer, nn.TransformerDecoderLayer; dropout 0, batch_first)
      from its state_dict() names on the tensor x, [seq, d] or [batch, seq, d], and
      writes y shaped like x. Sizes come from the weights; --heads defaults to 1.
      --causal masks the self-attention (the decoder's too: without it, unmasked).
      --norm-first and --activation (default relu) apply to the two layers.
      decoder-layer reads memory ([m, d] or [batch, m, d]) from --memory or the input.
  vitplay-cli run vit --weights W.safetensors --input X.safetensors --out Y.safetensors [--heads H]
      torchvision's VisionTransformer (state_dict names, sizes from the weights) on x,
      [C, H, W] or [N, C, H, W], already normalised; y: the logits [1 or N, classes]
  vitplay-cli grad mha|encoder-layer|decoder-layer|vit --weights W --input X --grad-y G
                   --out OUT [the flags of run]
      the same forward, then the backward pass for G's tensor y.grad (dL/dy, shaped like y):
      OUT holds y, x.grad (and memory.grad for decoder-layer) and NAME.grad for every
      weight NAME, summed over the batch (PyTorch's y.backward(y.grad))

  vitplay-cli train mnist-vit|fashion-vit [--epochs N] [--seed S] --out W.safetensors
                    [--fine-tune-epochs M] [--from W0.safetensors] [--patch P]
                    [--augment none|shifts|affine] [--extra-data none|synthetic-digits]
                    [--schedule cosine|constant]
      trains a model from freshly initialised weights with progress on the terminal
      (stage 1, N epochs), then, for mnist-vit, fine-tunes it with synthetic digits
      added (stage 2, M epochs; --from W0 starts there from W0's weights); writes
      W.safetensors and its description W.json (copy both to models/ to ship).
      --patch/--augment/--extra-data/--schedule change one ingredient (ci/ablation)
  vitplay-cli eval --model mnist-vit|fashion-vit [--set held-out|beyond-mnist]
      the shipped model's accuracy on its held-out images, or (mnist-vit) on the
      digits not from MNIST in tests/digits-beyond-mnist

  vitplay-cli translate [--model numbers-translator | --weights W.safetensors] ["WORDS" ...]
      English number words (0..9999, e.g. "three thousand four hundred five") to Chinese
      numerals with the trained encoder-decoder and greedy decoding, one line per input
      (without arguments: one input per line of stdin). --weights takes W.safetensors + W.json
  vitplay-cli train numbers-translator [--epochs N] [--seed S] --out W.safetensors
  vitplay-cli eval --model numbers-translator
      trains it (n % 7 == 3 held out), and its exact-match accuracy on the held-out numbers

  vitplay-cli live-train [--model mnist-vit] [--epochs N] [--lr X] [--batch-size B] [--seed S]
                         [--no-augment] [--steps N] [--format text|json]
      the training scene's live run with its defaults (8 epochs, lr 2e-3, batch 32,
      augmentation), step for step as the app's engine runs it; json: the loss of every
      step, the held-out accuracy after each epoch, images/s
  vitplay-cli bench train [--model mnist-vit] [--images N] [--format text|json]
      training throughput (images/s) of a model's recipe on its data
  vitplay-cli bench vit --weights W.safetensors --heads H [--repeat N] [--format text|json]
      milliseconds per ViT forward on one image (json: {"ms_per_forward": median, ...})

  vitplay-cli classify [--model NAME | --weights W.safetensors [--config C] [--heads H]]
                       IMAGE... [--top K] [--format text|json]
      classifies image files (PNG, JPEG, BMP, GIF, PNM) with a shipped model (default
      mnist-vit) or a ViT checkpoint in torchvision, timm or Hugging Face naming; C is a
      config.json (heads, eps, labels, mean/std) or a labels file, one name per line.
      JSON: [{"image", "top": [{"label", "index", "prob"}]} or {"image", "error"}, ...];
      exit code 2 if any image failed

Every command but attention takes --threads N: the threads the core computes on (default:
one per core; a build without threads, such as the WebAssembly one, always uses one).

Errors print one line on stderr and exit with code 2.
)";

struct Command {
  const char* name;
  int (*run)(const std::vector<std::string>&);
};

const Command kCommands[] = {
    {"attention", vp::cli::cmd_attention},
    {"run", vp::cli::cmd_run},
    {"grad", vp::cli::cmd_grad},
    {"train", vp::cli::cmd_train},
    {"eval", vp::cli::cmd_eval},
    {"classify", vp::cli::cmd_classify},
    {"bench", vp::cli::cmd_bench},
    {"live-train", vp::cli::cmd_live_train},
    {"translate", vp::cli::cmd_translate},
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
