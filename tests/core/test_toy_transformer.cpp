// The toy translator behind the encoder and decoder scenes: shapes, determinism, the causal
// mask's promise (a row never depends on later target words) and greedy decoding.
#include <catch2/catch.hpp>

#include "models/toy_transformer.h"
#include "nn/softmax.h"

namespace {
struct Fixture {
  vp::Vocabulary source = vp::toy_source_vocabulary(), target = vp::toy_target_vocabulary();
  vp::Translator model = vp::toy_transformer({}, int(source.words.size()), int(target.words.size()));
  std::vector<int> source_ids = source.ids({"I", "Love", "China"});
  std::vector<int> target_in = target.ids({"<s>", "我", "爱", "中", "国"});
};
}  // namespace

TEST_CASE("toy transformer: vocabularies know the article's example", "[toy]") {
  Fixture f;
  for (int id : f.source_ids) CHECK(id != f.source.unknown);
  for (int id : f.target_in) CHECK(id != f.target.unknown);
  CHECK(f.source.id("zebra") == f.source.unknown);
}

TEST_CASE("toy transformer: shapes, rows of probabilities, recorded steps", "[toy]") {
  Fixture f;
  vp::Trace trace;
  const vp::Mat memory = vp::translator_encode(f.model, f.source_ids, &trace);
  CHECK(memory.rows() == 3);
  CHECK(memory.cols() == 4);
  const vp::Mat probs = vp::softmax_rows(vp::translator_decode(f.model, memory, f.target_in, &trace));
  CHECK(probs.rows() == 5);
  CHECK(probs.cols() == long(f.target.words.size()));
  for (long r = 0; r < probs.rows(); ++r) CHECK(probs.row(r).sum() == Approx(1.0f).epsilon(1e-5));
  for (const char* id : {"encoder.embedding", "encoder.positional", "encoder.layers.0.attn_add_norm",
                         "decoder.causal_mask", "decoder.layers.0.self_attn.head1.softmax",
                         "decoder.layers.0.multihead_attn.head2.softmax", "generator", "probabilities"})
    CHECK(trace.find_step(id) != nullptr);
}

TEST_CASE("toy transformer: the same seed gives the same model", "[toy]") {
  Fixture a, b;
  CHECK(a.model.generator.weight == b.model.generator.weight);
  vp::ToyTransformerConfig other;
  other.seed = 8;
  auto c = vp::toy_transformer(other, int(a.source.words.size()), int(a.target.words.size()));
  CHECK(a.model.generator.weight != c.generator.weight);
}

TEST_CASE("toy transformer: row i does not depend on target words after i (causal mask)", "[toy]") {
  Fixture f;
  const vp::Mat memory = vp::translator_encode(f.model, f.source_ids);
  const vp::Mat full = vp::translator_decode(f.model, memory, f.target_in);
  std::vector<int> changed = f.target_in;
  changed[4] = f.target.id("茶");  // replace the last word
  const vp::Mat other = vp::translator_decode(f.model, memory, changed);
  CHECK(other.topRows(4).isApprox(full.topRows(4), 1e-5f));
  CHECK(!other.row(4).isApprox(full.row(4), 1e-5f));
  // and decoding a prefix gives the same rows as the full pass (what makes training parallel)
  const vp::Mat prefix = vp::translator_decode(f.model, memory, {f.target_in.begin(), f.target_in.begin() + 2});
  CHECK(prefix.isApprox(full.topRows(2), 1e-5f));
}

TEST_CASE("toy transformer: greedy decoding feeds each prediction back", "[toy]") {
  Fixture f;
  const vp::Mat memory = vp::translator_encode(f.model, f.source_ids);
  const int start = f.target.id("<s>"), end = f.target.id("</s>");
  const auto steps = vp::translator_greedy(f.model, f.source_ids, start, end, 6).passes;
  REQUIRE(!steps.empty());
  CHECK(steps.size() <= 6);
  for (size_t t = 0; t < steps.size(); ++t) {
    CHECK(steps[t].input_ids.size() == t + 1);
    CHECK(steps[t].input_ids[0] == start);
    if (t > 0) CHECK(steps[t].input_ids.back() == steps[t - 1].next_id);
    CHECK(steps[t].next_id == vp::argmax_rows(vp::translator_decode(f.model, memory, steps[t].input_ids)).back());
  }
}

TEST_CASE("toy transformer: bad sizes are refused with a message", "[toy]") {
  vp::ToyTransformerConfig c;
  c.num_heads = 3;  // does not divide d_model = 4
  CHECK_THROWS_AS(vp::toy_transformer(c, 5, 5), vp::Error);
  c = {};
  c.num_layers = 7;
  CHECK_THROWS_AS(vp::toy_transformer(c, 5, 5), vp::Error);
  Fixture f;
  CHECK_THROWS_AS(vp::translator_encode(f.model, {}), vp::Error);
}

TEST_CASE("toy transformer: a Translator without the sqrt(d) factor, post-norm or pre-norm", "[toy]") {
  Fixture f;
  CHECK_FALSE(f.model.config.scale_embeddings);
  CHECK_FALSE(f.model.encoder[0].norm_first);
  // x = E[id] + PE(pos): the recorded embeddings are the rows of E themselves
  vp::Trace trace;
  vp::translator_encode(f.model, f.source_ids, &trace);
  const vp::TraceStep* positional = trace.find_step("encoder.positional");
  REQUIRE(positional != nullptr);
  REQUIRE(positional->inputs.size() == 2);
  CHECK(positional->inputs[0].name == "embeddings");
  CHECK(positional->inputs[0].value.row(0) == f.model.source_embedding.weight.row(f.source_ids[0]));
  vp::ToyTransformerConfig pre;
  pre.norm_first = true;
  pre.num_layers = 2;
  const vp::Translator p = vp::toy_transformer(pre, int(f.source.words.size()), int(f.target.words.size()));
  CHECK(p.encoder.size() == 2);
  CHECK(p.decoder[1].norm_first);
  // the same seed draws the same embeddings whatever the depth
  CHECK(p.source_embedding.weight == f.model.source_embedding.weight);
}
