#include "models/torch_layers.h"

#include "nn/attention.h"
#include "formats/checkpoint.h"
#include "models/decoder_layer.h"

namespace vp {

namespace {

const std::set<std::string> kDataNames = {"x", "memory", "y"};
// Attention holds a [seq, seq] matrix per head: longer sequences are refused, not allocated.
constexpr int64_t kMaxTokens = 4096;

const Tensor& find_tensor(const TensorMap& tensors, const std::string& name) {
  auto it = tensors.find(name);
  if (it == tensors.end()) throw Error("missing tensor " + quote_name(name));
  return it->second;
}

// d from in_proj_weight [3d, d], checked before any model of that size is allocated.
int d_model_from(const TensorMap& weights, const std::string& name) {
  const std::vector<int64_t>& s = find_tensor(weights, name).shape;
  if (s.size() != 2 || s[1] < 1 || s[0] != 3 * s[1])
    throw Error("tensor " + quote_name(name) + " has shape " + shape_str(s) + ", expected [3d, d]");
  return static_cast<int>(s[1]);
}

// d_ff from linear1.weight [d_ff, d].
int d_ff_from(const TensorMap& weights, int d) {
  const std::vector<int64_t>& s = find_tensor(weights, "linear1.weight").shape;
  if (s.size() != 2 || s[0] < 1 || s[1] != d)
    throw Error("tensor \"linear1.weight\" has shape " + shape_str(s) + ", expected [d_ff, " + std::to_string(d) + "]");
  return static_cast<int>(s[0]);
}

// [seq, d] -> one [seq, d] matrix; [batch, seq, d] -> batch of them.
std::vector<Mat> sequences(const Tensor& t, const std::string& name, int d) {
  const size_t rank = t.shape.size();
  if ((rank != 2 && rank != 3) || t.shape.back() != d || static_cast<int64_t>(t.data.size()) != numel(t.shape))
    throw Error("tensor " + quote_name(name) + " has shape " + shape_str(t.shape) + ", expected [seq, " +
                std::to_string(d) + "] or [batch, seq, " + std::to_string(d) + "]");
  const int64_t batch = rank == 3 ? t.shape[0] : 1, n = t.shape[rank - 2];
  // n >= 1 also bounds the batch by the tensor's data (a [2^31, 0, d] x holds nothing)
  if (n < 1 || n > kMaxTokens)
    throw Error("tensor " + quote_name(name) + " has " + std::to_string(n) + " tokens per sequence (1 to " +
                std::to_string(kMaxTokens) + " allowed)");
  std::vector<Mat> out;
  for (int64_t b = 0; b < batch; ++b) {
    out.push_back(Eigen::Map<const Mat>(t.data.data() + b * n * d, n, d));
    require_finite(out.back(), "tensor " + quote_name(name) + (rank == 3 ? " sequence " + std::to_string(b) : ""));
  }
  return out;
}

// The causal mask for n tokens when asked for, else none (an empty matrix, see mask_ptr).
Mat self_mask(const TorchLayerOptions& options, Eigen::Index n) {
  return options.causal ? causal_mask(static_cast<int>(n)) : Mat();
}
const Mat* mask_ptr(const Mat& mask) { return mask.size() ? &mask : nullptr; }

}  // namespace

TorchLayer parse_torch_layer(const std::string& name) {
  if (name == "mha") return TorchLayer::mha;
  if (name == "encoder-layer") return TorchLayer::encoder_layer;
  if (name == "decoder-layer") return TorchLayer::decoder_layer;
  throw Error("unknown layer " + quote_name(name) + " (expected mha, encoder-layer or decoder-layer)");
}

namespace {

// What one sequence gives: y and, in a backward pass, the gradients of its inputs.
struct SequencePass {
  Mat y, dx, dmemory;
};

// Concatenates per-sequence matrices into a tensor of the given shape.
struct TensorBuilder {
  Tensor t;
  void append(const Mat& m) { t.data.insert(t.data.end(), m.data(), m.data() + m.size()); }
};

// Loads a Layer from the weights and runs step(layer, b, dy_b or null, grads) on each sequence b;
// with grad_y, also collects the input gradients and the weights' ("NAME.grad").
template <class Layer, class Step>
TensorMap run_sequences(Layer layer, const TensorMap& weights, const Tensor& x, const Tensor* memory, size_t count,
                        const Tensor* grad_y, Step step) {
  load_params(walk_params(layer), weights, kDataNames);
  Layer grads = zeros_like(layer);
  std::vector<Mat> dys;
  if (grad_y) {
    if (grad_y->shape != x.shape)
      throw Error("y.grad has shape " + shape_str(grad_y->shape) + ", expected y's " + shape_str(x.shape));
    dys = sequences(*grad_y, "y.grad", static_cast<int>(x.shape.back()));
  }
  TensorBuilder y{{x.shape, {}}}, dx{{x.shape, {}}}, dmemory{{memory ? memory->shape : std::vector<int64_t>{}, {}}};
  for (size_t b = 0; b < count; ++b) {
    const SequencePass s = step(layer, b, grad_y ? &dys[b] : nullptr, &grads);
    y.append(s.y);
    dx.append(s.dx);
    dmemory.append(s.dmemory);
  }
  if (!grad_y) return {{"y", std::move(y.t)}};
  TensorMap out = save_params(walk_params(grads), ".grad");
  out["y"] = std::move(y.t);
  out["x.grad"] = std::move(dx.t);
  if (memory) out["memory.grad"] = std::move(dmemory.t);
  return out;
}

// run_torch_layer, and with grad_y the backward pass too.
TensorMap torch_layer_pass(TorchLayer layer, const TorchLayerOptions& options, const TensorMap& weights,
                           const Tensor& x, const Tensor* memory, const Tensor* grad_y) {
  if (memory && layer != TorchLayer::decoder_layer) throw Error("only decoder-layer takes a memory tensor");
  if (!memory && layer == TorchLayer::decoder_layer) throw Error("decoder-layer needs a memory tensor");

  if (layer == TorchLayer::mha) {
    const int d = d_model_from(weights, "in_proj_weight");
    const std::vector<Mat> xs = sequences(x, "x", d);
    return run_sequences(mha_zeros(d, options.heads), weights, x, nullptr, xs.size(), grad_y,
                         [&](const MultiHeadAttention& m, size_t b, const Mat* dy, MultiHeadAttention* grads) {
                           const Mat mask = self_mask(options, xs[b].rows());
                           MhaCache cache;
                           MhaOptions o;
                           o.mask = mask_ptr(mask), o.cache = &cache;
                           SequencePass s{mha_self_forward(m, xs[b], o).output, {}, {}};
                           if (dy) s.dx = mha_self_backward(m, cache, *dy, grads);
                           return s;
                         });
  }

  EncoderLayerConfig c;
  c.d_model = d_model_from(weights, "self_attn.in_proj_weight");
  c.num_heads = options.heads;
  c.d_ff = d_ff_from(weights, c.d_model);
  c.activation = options.activation;
  c.norm_first = options.norm_first;
  const std::vector<Mat> xs = sequences(x, "x", c.d_model);

  if (layer == TorchLayer::encoder_layer)
    return run_sequences(encoder_layer_zeros(c), weights, x, nullptr, xs.size(), grad_y,
                         [&](const EncoderLayer& l, size_t b, const Mat* dy, EncoderLayer* grads) {
                           const Mat mask = self_mask(options, xs[b].rows());
                           EncoderLayerCache cache;
                           SequencePass s{encoder_layer_forward(l, xs[b], mask_ptr(mask), nullptr, &cache), {}, {}};
                           if (dy) s.dx = encoder_layer_backward(l, cache, *dy, grads);
                           return s;
                         });

  const std::vector<Mat> memories = sequences(*memory, "memory", c.d_model);
  if (memories.size() != xs.size())
    throw Error("memory holds " + std::to_string(memories.size()) + " sequences but x holds " +
                std::to_string(xs.size()));
  return run_sequences(decoder_layer_zeros(c), weights, x, memory, xs.size(), grad_y,
                       [&](const DecoderLayer& l, size_t b, const Mat* dy, DecoderLayer* grads) {
                         const Mat mask = self_mask(options, xs[b].rows());
                         DecoderLayerCache cache;
                         SequencePass s{decoder_layer_forward(l, xs[b], memories[b], mask_ptr(mask), nullptr, nullptr,
                                                              &cache).output, {}, {}};
                         if (dy) {
                           DecoderLayerInputGrads g = decoder_layer_backward(l, cache, *dy, grads);
                           s.dx = std::move(g.x);
                           s.dmemory = std::move(g.memory);
                         }
                         return s;
                       });
}

}  // namespace

Tensor run_torch_layer(TorchLayer layer, const TorchLayerOptions& options, const TensorMap& weights,
                       const Tensor& x, const Tensor* memory) {
  return torch_layer_pass(layer, options, weights, x, memory, nullptr).at("y");
}

TensorMap grad_torch_layer(TorchLayer layer, const TorchLayerOptions& options, const TensorMap& weights,
                           const Tensor& x, const Tensor* memory, const Tensor& grad_y) {
  return torch_layer_pass(layer, options, weights, x, memory, &grad_y);
}

}  // namespace vp
