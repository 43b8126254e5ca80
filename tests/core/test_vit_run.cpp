// The ViT run stage by stage (models/vit_run) and its interventions (models/vit_interventions),
// on the shipped mnist-vit: the plain run equals vit_forward, and each intervention equals an
// independent construction of what it claims to do.
#include <catch2/catch.hpp>

#include "drawn_digits.h"
#include "formats/image_preprocess.h"
#include "models/vit_checkpoint.h"
#include "models/vit_run.h"
#include "platform/data_paths.h"

using vp::Mat;

namespace {

const vp::Vit& mnist_vit() {
  static const vp::Vit v = vp::load_vit(vp::read_safetensors(vp::platform::models_dir() + "/mnist-vit.safetensors"), 4);
  return v;
}

// A "7"-ish input through the digit recipe.
Mat seven() { return vp::preprocess_image(seven_on_paper(), {}).input; }

float max_diff(const Mat& a, const Mat& b) { return (a - b).cwiseAbs().maxCoeff(); }

}  // namespace

TEST_CASE("the ViT run stage by stage equals vit_forward", "[vit][run]") {
  const vp::Vit& v = mnist_vit();
  const Mat x = seven();
  vp::VitRun run = vp::vit_run_start(v, x);
  CHECK(run.layers_done() == 0);
  CHECK_FALSE(run.finished());
  CHECK(run.patches.rows() == 16);
  int steps = 0;
  while (!vp::vit_run_step(v, {}, run)) ++steps;
  CHECK(steps == 4);  // one call per layer, then the head
  CHECK(run.attention.size() == 4);
  CHECK(run.attention[0].size() == 4);
  CHECK(max_diff(run.logits, vp::vit_forward(v, x)) < 1e-5f);
  CHECK(run.probabilities.sum() == Approx(1.0f));
  const auto top = vp::top_classes(run.probabilities, 3);
  REQUIRE(top.size() == 3);
  CHECK(top[0].second >= top[1].second);
  CHECK(top[0].first == 7);  // the shipped model reads the drawn 7
  CHECK_THROWS_AS(vp::vit_run_start(v, Mat::Zero(27, 28)), vp::Error);
}

TEST_CASE("a switched-off head's output no longer reaches W^O", "[vit][run]") {
  const vp::Vit& v = mnist_vit();
  vp::VitInterventions iv;
  iv.heads_off = {{false, false, true, false}};  // layer 1, head 3
  CHECK(iv.any());
  CHECK(iv.edits_layer(0));
  CHECK_FALSE(iv.edits_layer(1));
  // the attention output of the intervened layer = Concat(heads, head 3 zeroed) W^O^T + b^O
  const Mat z0 = vp::vit_run_start(v, seven()).z0;
  const vp::EncoderLayer& layer = v.layers[0];
  const Mat in = vp::layernorm_forward(layer.norm1, z0);
  vp::MhaCache cache;
  vp::MhaOptions o;
  o.cache = &cache;
  vp::mha_self_forward(layer.self_attn, in, o);
  Mat concat = cache.concat;
  concat.middleCols(2 * 16, 16).setZero();
  const vp::EncoderLayer edited = vp::intervened_layer(layer, iv, 0);
  const Mat got = vp::mha_self_forward(edited.self_attn, in).output;
  CHECK(max_diff(got, vp::linear_forward(layer.self_attn.out_proj, concat)) < 1e-5f);
  // and the prediction moves
  const vp::VitRun plain = vp::vit_run(v, seven(), {}), cut = vp::vit_run(v, seven(), iv);
  CHECK(max_diff(plain.probabilities, cut.probabilities) > 1e-4f);
  // the attention maps themselves are still computed (the head looks, nobody listens)
  CHECK(max_diff(plain.attention[0][2], cut.attention[0][2]) < 1e-6f);
}

TEST_CASE("a layer with its attention off adds only its MLP", "[vit][run]") {
  const vp::Vit& v = mnist_vit();
  vp::VitInterventions iv;
  iv.attention_off = {false, true};  // layer 2
  const vp::VitRun run = vp::vit_run(v, seven(), iv);
  // rebuild by hand: layers 1, then z + FF(LN2(z)) for layer 2, then 3, 4 and the head
  Mat z = vp::vit_run_start(v, seven()).z0;
  z = vp::encoder_layer_forward(v.layers[0], z);
  const vp::EncoderLayer& l = v.layers[1];
  z = z + vp::feed_forward(l.ff, vp::layernorm_forward(l.norm2, z));
  for (int i = 2; i < 4; ++i) z = vp::encoder_layer_forward(v.layers[i], z);
  const Mat logits = vp::linear_forward(v.head, vp::layernorm_forward(v.ln, z.topRows(1)));
  CHECK(max_diff(run.logits, logits) < 1e-4f);
}

TEST_CASE("occluding a patch is removing its token from the sequence", "[vit][run]") {
  const vp::Vit& v = mnist_vit();
  vp::VitInterventions iv;
  iv.patches_occluded.assign(16, false);
  iv.patches_occluded[5] = iv.patches_occluded[6] = true;
  CHECK(iv.occluded_count() == 2);
  const Mat mask = vp::occlusion_mask(iv, 17);
  CHECK(std::isinf(mask(0, 6)));
  CHECK(mask(0, 5) == 0.0f);
  const vp::VitRun run = vp::vit_run(v, seven(), iv);
  // the same sequence without tokens 6 and 7 (patches 5 and 6), no mask
  const Mat z0 = vp::vit_run_start(v, seven()).z0;
  Mat z(15, z0.cols());
  z << z0.topRows(6), z0.bottomRows(9);  // tokens 0..5, then 8..16
  for (const auto& layer : v.layers) z = vp::encoder_layer_forward(layer, z);
  const Mat logits = vp::linear_forward(v.head, vp::layernorm_forward(v.ln, z.topRows(1)));
  CHECK(max_diff(run.logits, logits) < 1e-4f);
  // nobody attends to an occluded patch
  CHECK(run.attention[3][0].col(6).cwiseAbs().maxCoeff() < 1e-12f);
}
