// The encoder-decoder translator: its full forward and every gradient against PyTorch
// (tests/make_translator_fixture.py), finite differences, the causal mask's promise,
// greedy decoding, its data and its training.
#include <catch2/catch.hpp>

#include "nn/attention.h"
#include "nn/cross_entropy.h"
#include "train/translator_training.h"
#include "grad_check.h"

namespace {

std::vector<int> ids_of(const gradcheck::Fixture& f, const std::string& name) {
  std::vector<int> ids;
  for (float v : f.at(name).data) ids.push_back(static_cast<int>(v));
  return ids;
}

vp::Translator small_translator(uint32_t seed, vp::Activation activation = vp::Activation::relu) {
  vp::TranslatorConfig c = vp::numbers_translator_recipe().model;
  c.activation = activation;
  c.d_model = 8;
  c.num_heads = 2;
  c.d_ff = 16;
  c.num_layers = 2;
  vp::Translator m = vp::translator_zeros(c);
  vp::translator_init(m, seed);
  return m;
}

}  // namespace

TEST_CASE("translator: forward and gradients match PyTorch", "[translator][grad]") {
  gradcheck::Fixture f("translator");
  vp::TranslatorConfig c = vp::numbers_translator_recipe().model;
  c.d_model = static_cast<int>(f.number("d_model"));
  c.num_heads = static_cast<int>(f.number("heads"));
  c.d_ff = static_cast<int>(f.number("d_ff"));
  c.num_layers = static_cast<int>(f.number("layers"));
  vp::Translator m = vp::translator_zeros(c);
  gradcheck::load_params(m, f);

  // the fixture's example is number_pair(3405): the Python vocabularies are the C++ ones
  const vp::TranslationPair pair = vp::number_pair(3405);
  REQUIRE(ids_of(f, "source") == pair.source);
  REQUIRE(ids_of(f, "target_in") == pair.target_in);
  REQUIRE(ids_of(f, "target_out") == pair.target_out);

  vp::TranslatorCache cache;
  const vp::Mat logits = vp::translator_forward(m, pair.source, pair.target_in, nullptr, &cache);
  gradcheck::check_close(logits, f, "y", 1e-5);
  const vp::CrossEntropyOptions ce{f.number("label_smoothing")};
  vp::CrossEntropyCache ce_cache;
  const float loss = vp::cross_entropy_forward(logits, pair.target_out, ce, &ce_cache);
  CHECK(loss == Approx(f.mat("loss")(0, 0)).epsilon(1e-5));

  vp::Translator grad = vp::zeros_like(m);
  vp::translator_backward(m, cache, vp::cross_entropy_backward(ce_cache, ce), &grad);
  gradcheck::check_param_grads(grad, f, 1e-4);
}

TEST_CASE("translator: gradients agree with finite differences", "[translator][grad]") {
  // GELU: ReLU's kink within h of a pre-activation would spoil the differences (the ReLU
  // model's gradients are checked against PyTorch above)
  vp::Translator m = small_translator(5, vp::Activation::gelu);
  const vp::TranslationPair pair = vp::number_pair(1010);  // 一千零一十
  const vp::CrossEntropyOptions ce{0.1f};
  vp::TranslatorCache cache;
  vp::CrossEntropyCache ce_cache;
  vp::cross_entropy_forward(vp::translator_forward(m, pair.source, pair.target_in, nullptr, &cache), pair.target_out,
                            ce, &ce_cache);
  vp::Translator grad = vp::zeros_like(m);
  vp::translator_backward(m, cache, vp::cross_entropy_backward(ce_cache, ce), &grad);
  gradcheck::check_finite_differences(gradcheck::params_of(m, grad), [&] {
    return double(vp::cross_entropy_forward(vp::translator_forward(m, pair.source, pair.target_in), pair.target_out, ce));
  });
}

TEST_CASE("translator: a row never depends on later target tokens; greedy feeds back", "[translator]") {
  const vp::Translator m = small_translator(3);
  const vp::TranslationPair pair = vp::number_pair(2019);
  const vp::Mat full = vp::translator_forward(m, pair.source, pair.target_in);
  for (size_t k = 1; k < pair.target_in.size(); ++k) {
    const std::vector<int> prefix(pair.target_in.begin(), pair.target_in.begin() + k);
    const vp::Mat part = vp::translator_forward(m, pair.source, prefix);
    CHECK((part - full.topRows(k)).cwiseAbs().maxCoeff() < 1e-5f);
  }
  vp::Trace trace;
  vp::translator_forward(m, pair.source, pair.target_in, &trace);
  const vp::TraceMatrix* self = nullptr;
  for (const auto& s : trace.steps)
    if (s.id == "decoder.layers.1.self_attn.head2.softmax") self = &s.outputs.back();
  REQUIRE(self != nullptr);
  for (long i = 0; i < self->value.rows(); ++i)
    for (long j = i + 1; j < self->value.cols(); ++j) CHECK(self->value(i, j) < 1e-30f);  // exp(-inf), vectorised
  const vp::TraceStep* cross = trace.find_step("decoder.layers.0.multihead_attn.head1.softmax");
  REQUIRE(cross != nullptr);
  CHECK(cross->outputs.back().value.rows() == long(pair.target_in.size()));
  CHECK(cross->outputs.back().value.cols() == long(pair.source.size()));

  const vp::GreedyTranslation g = vp::translator_greedy(m, pair.source, vp::kStartId, vp::kEndId, 5);
  REQUIRE(!g.passes.empty());
  CHECK(g.passes.size() <= 5);
  for (size_t t = 0; t < g.passes.size(); ++t) {
    CHECK(g.passes[t].input_ids.size() == t + 1);
    CHECK(g.passes[t].probabilities.sum() == Approx(1.0f).epsilon(1e-5));
    if (t + 1 < g.passes.size()) CHECK(g.passes[t + 1].input_ids.back() == g.passes[t].next_id);
  }
  CHECK(g.finished == (g.passes.back().next_id == vp::kEndId));
}

TEST_CASE("translator: data, refusals, and a short training run that learns", "[translator][training]") {
  const auto train = vp::number_pairs(vp::Split::train), held_out = vp::number_pairs(vp::Split::held_out);
  CHECK(train.size() == 8571);
  CHECK(held_out.size() == 1429);
  for (const auto& p : held_out) REQUIRE(vp::is_held_out_number(p.number));
  CHECK(vp::number_pair(0).target_out == std::vector<int>{3, vp::kEndId});  // 零 </s>

  vp::TranslatorTrainConfig c = vp::numbers_translator_recipe();
  c.lr = std::nanf("");
  CHECK_THROWS_WITH(vp::validate(c), Catch::Contains("learning rate"));
  c = vp::numbers_translator_recipe();
  c.model.num_heads = 5;
  CHECK_THROWS_WITH(vp::validate(c), Catch::Contains("num_heads must divide d_model"));
  CHECK_THROWS_WITH(vp::translator_encode(small_translator(1), {}), Catch::Contains("no tokens"));
  CHECK_THROWS_WITH(vp::translator_encode(small_translator(1), {99}), Catch::Contains("outside the vocabulary"));

  // 40 steps on the numbers below 100: the loss falls, and the same seed gives the same weights
  std::vector<vp::TranslationPair> small;
  for (const auto& p : train)
    if (p.number < 100) small.push_back(p);
  c = vp::numbers_translator_recipe();
  c.model.d_model = 16;
  c.model.d_ff = 32;
  c.batch_size = 16;
  c.epochs = 8;
  vp::TranslatorTrainer a(c, small), b(c, small);
  a.run(1);
  const float first = a.progress().loss;
  a.run(39);
  b.run(40);
  CHECK(a.progress().loss < first * 0.8f);
  CHECK(a.model().generator.weight == b.model().generator.weight);
}
