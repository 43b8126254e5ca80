// The ViT lesson's model state (lessons/vit_session) on the shipped models: it opens them, takes
// an image, runs it stage by stage, applies interventions as vit_run does, and refuses bad files
// with a message, leaving everything as it was.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "drawn_digits.h"
#include "lessons/vit_session.h"
#include "platform/data_paths.h"

using vp::Mat;

namespace {

vp::RgbaImage blank(int side) { return {side, side, std::vector<uint8_t>(side * side * 4, 255)}; }

// Runs every stage, as the scene does over frames; returns how many calls it took.
int run_to_the_end(vp::VitSession& s) {
  int calls = 0;
  while (s.computing()) {
    s.run_next_stage();
    ++calls;
  }
  return calls;
}

// mnist-vit has read the 7 from a file.
vp::VitSession session_read_the_seven() {
  vp::VitSession s(vp::platform::models_dir(), blank(28));
  s.load_bundled_models();
  s.open_image("seven.png", seven_on_paper());
  run_to_the_end(s);
  return s;
}

std::vector<uint8_t> bytes_of(const std::string& text) { return {text.begin(), text.end()}; }

}  // namespace

TEST_CASE("the ViT session opens the bundled models and reads a digit layer by layer", "[vit][session]") {
  vp::VitSession s(vp::platform::models_dir(), blank(28));
  CHECK(s.model() == nullptr);
  s.load_bundled_models();
  REQUIRE(s.model() != nullptr);
  REQUIRE(s.models().size() == 2);
  CHECK(s.models()[0].name == "mnist-vit");
  CHECK(s.models()[1].name == "fashion-vit");
  CHECK(s.model()->bundled);
  CHECK(s.grid() == 4);
  CHECK(s.model()->filters.size() > 0);
  // the blank drawing has no ink: no model input, and the preprocessing says why
  CHECK_FALSE(s.prepared());
  CHECK(s.message() == "the image is blank: no ink or object stands out from its background");

  REQUIRE(s.open_image("seven.png", seven_on_paper()) == "");
  CHECK(s.message().empty());
  CHECK_FALSE(s.from_drawing());
  CHECK(s.image_name() == "seven.png");
  REQUIRE(s.prepared());
  CHECK(s.prepared()->inverted);  // dark ink on white turned light on dark, as MNIST is
  CHECK(s.computing());
  CHECK(s.top(5).empty());
  CHECK(run_to_the_end(s) == 5);  // four layers, then the head
  CHECK(s.run().layers_done() == 4);
  REQUIRE(s.run().finished());
  CHECK(s.top(1)[0].first == 7);
  CHECK(s.label(7) == "7");
  CHECK(s.rollout().rows() == 4);
  CHECK(s.rollout().cols() == 4);

  const nlohmann::json j = s.state_json();
  CHECK(j["model"] == "mnist-vit");
  CHECK(j["input"] == "file");
  CHECK(j["computing"] == false);
  CHECK(j["layers"] == 4);
  CHECK(j["top"].size() == 5);
  CHECK(j["top"][0]["label"] == "7");
  CHECK_FALSE(j.contains("error"));

  // another model prepares the same image its own way and runs it again
  s.select_model(1);
  CHECK(s.model()->name == "fashion-vit");
  CHECK(s.computing());
  run_to_the_end(s);
  CHECK(s.run().finished());
  CHECK(s.label(s.top(1)[0].first) != std::to_string(s.top(1)[0].first));  // clothes have names
}

TEST_CASE("the ViT session's interventions change the prediction as vit_run does", "[vit][session]") {
  vp::VitSession s = session_read_the_seven();
  REQUIRE(s.run().finished());
  const Mat plain = s.run().probabilities;
  const vp::Vit& vit = s.model()->checkpoint.model;
  const Mat input = s.prepared()->input;

  s.toggle_layer(1);
  s.toggle_head(0, 2);
  s.toggle_patch(5);
  CHECK(s.computing());  // every intervention starts the run over
  run_to_the_end(s);
  REQUIRE(s.run().finished());
  CHECK(s.interventions().layer_off(1));
  CHECK(s.interventions().head_off(0, 2));
  CHECK(s.interventions().occluded(5));
  const Mat expected = vp::vit_run(vit, input, s.interventions()).probabilities;
  CHECK((s.run().probabilities - expected).cwiseAbs().maxCoeff() < 1e-6f);
  CHECK((s.run().probabilities - plain).cwiseAbs().maxCoeff() > 1e-3f);
  const nlohmann::json iv = s.interventions_json();
  CHECK(iv["heads_off"] == nlohmann::json::parse("[[1, 3]]"));
  CHECK(iv["layers_off"] == nlohmann::json::parse("[2]"));
  CHECK(iv["occluded"] == nlohmann::json::parse("[5]"));

  // a shared link's form round-trips; a bad field is named and keeps its value
  const nlohmann::json shared = s.export_interventions();
  CHECK(shared == nlohmann::json::parse(R"({"heads_off": [[1, 3]], "layers_off": [[2]], "occluded": [[5]]})"));
  s.reset_interventions();
  CHECK_FALSE(s.interventions().any());
  run_to_the_end(s);
  CHECK((s.run().probabilities - plain).cwiseAbs().maxCoeff() < 1e-6f);
  nlohmann::json with_bad = shared;
  with_bad["layers_off"] = nlohmann::json::parse("[[9]]");
  const std::vector<std::string> notices = s.import_interventions(with_bad);
  REQUIRE(notices.size() == 1);
  CHECK(notices[0] == "layers_off: 9 is out of range 1..4");
  CHECK(s.interventions().head_off(0, 2));
  CHECK(s.interventions().occluded(5));
  CHECK_FALSE(s.interventions().layer_off(1));
  CHECK(s.import_interventions(nlohmann::json::parse(R"({"heads": []})")) ==
        std::vector<std::string>{"scene vit has no input 'heads'"});
}

TEST_CASE("the ViT session refuses bad files with a message and keeps what it had", "[vit][session]") {
  vp::VitSession s = session_read_the_seven();
  REQUIRE(s.run().finished());
  const Mat before = s.run().probabilities;

  CHECK(s.open_data("notes.txt", bytes_of("just one sentence")) ==
        "notes.txt: not an image, a safetensors checkpoint or a config (JSON, or a labels file with one class "
        "name per line)");
  CHECK(s.refusal() == s.open_data("notes.txt", bytes_of("just one sentence")));
  CHECK(s.open_data("empty.bin", {}) == "empty.bin: the file is empty");
  const std::vector<uint8_t> truncated_png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
  CHECK(s.open_data("cut.png", truncated_png) ==
        "cut.png: not a readable image: truncated, corrupt, or in a format this platform cannot decode");
  CHECK(s.open_data("broken.safetensors", bytes_of(std::string("\x08\0\0\0\0\0\0\0{\"a\":1} ", 16))) ==
        "broken.safetensors: safetensors: tensor \"a\": header entry is not a JSON object");
  const std::string uniform = s.open_image("white.png", blank(50));
  CHECK(uniform == "white.png: the image is blank: no ink or object stands out from its background");
  CHECK(s.refusal() == uniform);

  // nothing changed: the same model, image, input and prediction, and no message of its own
  CHECK(s.models().size() == 2);
  CHECK(s.model()->name == "mnist-vit");
  CHECK(s.image_name() == "seven.png");
  REQUIRE(s.run().finished());
  CHECK((s.run().probabilities - before).cwiseAbs().maxCoeff() == 0.0f);
  CHECK(s.message().empty());
  CHECK(s.state_json()["image"]["name"] == "seven.png");

  // a labels file is taken for the checkpoints opened after it, and clears the refusal
  CHECK(s.open_data("labels.txt", bytes_of("zero\none\ntwo\n")) == "");
  CHECK(s.hints_name() == "labels.txt");
  CHECK(s.refusal().empty());
}

TEST_CASE("the ViT session's drawing is the input until a file's image, and again after", "[vit][session]") {
  vp::VitSession s(vp::platform::models_dir(), seven_on_paper());
  s.load_bundled_models();
  CHECK(s.from_drawing());
  REQUIRE(s.prepared());  // the drawing is prepared as soon as a model is there
  run_to_the_end(s);
  CHECK(s.top(1)[0].first == 7);
  CHECK(s.state_json()["input"] == "pad");

  s.clear_drawing(blank(28));
  CHECK_FALSE(s.prepared());
  CHECK_FALSE(s.computing());
  CHECK(s.top(1).empty());
  s.set_drawing(seven_on_paper());
  CHECK(s.prepared());
  REQUIRE(s.open_image("seven.png", seven_on_paper()) == "");
  s.toggle_patch(3);
  s.use_drawing(seven_on_paper());
  CHECK(s.from_drawing());
  CHECK(s.image_name().empty());
  CHECK_FALSE(s.interventions().occluded(3));  // occlusions belonged to the other image
}
