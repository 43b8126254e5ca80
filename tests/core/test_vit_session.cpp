// The ViT lesson (lessons/vit_session, the reader's side, and lessons/vit_worker, the engine's)
// on the shipped models: it opens them, takes an image, runs it stage by stage, applies
// interventions as vit_run does, and refuses bad files with a message, leaving everything as it
// was. The two sides exchange their messages here in one thread, through their byte encoding,
// as the app and its engine do across threads.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "drawn_digits.h"
#include "formats/file_bytes.h"
#include "formats/safetensors.h"
#include "lessons/vit_session.h"
#include "lessons/vit_worker.h"
#include "platform/data_paths.h"

using vp::Mat;

namespace {

vp::RgbaImage blank(int side) { return {side, side, std::vector<uint8_t>(side * side * 4, 255)}; }

vp::EngineMessage through_bytes(const vp::EngineMessage& m) {
  const std::vector<uint8_t> bytes = vp::encode(m);
  return vp::decode_engine_message(bytes.data(), bytes.size());
}

// The session and the engine's side of the lesson.
struct Lesson {
  vp::VitSession session;
  vp::VitWorker worker;

  explicit Lesson(vp::RgbaImage drawing) : session(vp::platform::models_dir(), std::move(drawing)) {}

  // Passes the requests and the replies until the engine has nothing left to do; returns how
  // many stages of runs arrived (the embedding, each layer, the result).
  int settle() {
    int stages = 0;
    for (bool more = true; more;) {
      std::vector<vp::EngineMessage> replies;
      for (const vp::EngineMessage& request : session.take_requests()) worker.receive(through_bytes(request), replies);
      more = worker.work(replies) == vp::EngineWork::busy;
      for (const vp::EngineMessage& reply : replies) {
        stages += reply.kind == "vit.stage" || reply.kind == "vit.result";
        session.receive(through_bytes(reply));
      }
      more = more || !replies.empty();
    }
    return stages;
  }
};

// mnist-vit has read the 7 from a file.
Lesson session_read_the_seven() {
  Lesson l(blank(28));
  l.session.load_bundled_models();
  l.session.open_image("seven.png", seven_on_paper());
  l.settle();
  return l;
}

vp::VitCheckpoint bundled_checkpoint(const std::string& name) {
  const std::string dir = vp::platform::models_dir();
  return vp::load_vit_checkpoint(vp::read_safetensors(dir + "/" + name + ".safetensors"),
                                 vp::read_vit_hints(dir + "/" + name + ".json"));
}

std::vector<uint8_t> bytes_of(const std::string& text) { return {text.begin(), text.end()}; }

std::string bytes_of_file(const std::string& path) {
  const std::vector<uint8_t> bytes = vp::read_file_bytes(path, 1 << 20, "config");
  return {bytes.begin(), bytes.end()};
}

}  // namespace

TEST_CASE("the ViT session opens the bundled models and reads a digit layer by layer", "[vit][session]") {
  Lesson l(blank(28));
  vp::VitSession& s = l.session;
  CHECK(s.model() == nullptr);
  s.load_bundled_models();
  CHECK(s.loading());
  CHECK(l.settle() == 0);  // the models arrive; the blank drawing gives nothing to run
  CHECK_FALSE(s.loading());
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
  CHECK(l.settle() == 6);  // the embedding, four layers, then the head
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
  l.settle();
  CHECK(s.run().finished());
  CHECK(s.label(s.top(1)[0].first) != std::to_string(s.top(1)[0].first));  // clothes have names
}

TEST_CASE("the ViT session's interventions change the prediction as vit_run does", "[vit][session]") {
  Lesson l = session_read_the_seven();
  vp::VitSession& s = l.session;
  REQUIRE(s.run().finished());
  const Mat plain = s.run().probabilities;
  const vp::VitCheckpoint checkpoint = bundled_checkpoint("mnist-vit");
  const vp::Vit& vit = checkpoint.model;
  const Mat input = s.prepared()->input;

  s.toggle_layer(1);
  s.toggle_head(0, 2);
  s.toggle_patch(5);
  CHECK(s.computing());  // every intervention starts the run over
  l.settle();
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
  l.settle();
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
  Lesson l = session_read_the_seven();
  vp::VitSession& s = l.session;
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
  // a checkpoint is read by the engine: its refusal arrives later, numbered as the file it was
  CHECK(s.open_data("broken.safetensors", bytes_of(std::string("\x08\0\0\0\0\0\0\0{\"a\":1} ", 16))) == "");
  CHECK(s.loading());
  const int broken = s.files_opened();
  l.settle();
  CHECK_FALSE(s.loading());
  CHECK(s.refusal() == "broken.safetensors: safetensors: tensor \"a\": header entry is not a JSON object");
  CHECK(s.refused_file() == broken);
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
  Lesson l(seven_on_paper());
  vp::VitSession& s = l.session;
  s.load_bundled_models();
  l.settle();
  CHECK(s.from_drawing());
  REQUIRE(s.prepared());  // the drawing is prepared as soon as a model is there
  l.settle();
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

TEST_CASE("a checkpoint the user opens is read by the engine, which keeps its weights", "[vit][session][engine]") {
  Lesson l = session_read_the_seven();
  vp::VitSession& s = l.session;
  const Mat bundled = s.run().probabilities;
  const std::string dir = vp::platform::models_dir();
  const std::vector<uint8_t> bytes = vp::read_file_bytes(dir + "/mnist-vit.safetensors", 1 << 24, "checkpoint");
  // the config opened before it (its heads and preprocessing), with labels of its own
  std::string config = bytes_of_file(dir + "/mnist-vit.json");
  const size_t seven = config.find("\"7\"");
  REQUIRE(seven != std::string::npos);
  config.replace(seven, 3, "\"siete\"");
  REQUIRE(s.open_data("config.json", bytes_of(config)) == "");
  REQUIRE(s.open_data("mine.safetensors", bytes) == "");
  CHECK(s.models().size() == 2);  // not yet: the engine reads it first
  CHECK(l.settle() == 6);        // then it is selected and the seven runs through it
  REQUIRE(s.models().size() == 3);
  CHECK(s.model()->name == "mine.safetensors");
  CHECK_FALSE(s.model()->bundled);
  CHECK(s.model()->config.depth == 4);
  CHECK(s.model()->filters.size() > 0);
  REQUIRE(s.run().finished());
  CHECK(s.label(s.top(1)[0].first) == "siete");  // the config opened before it
  CHECK((s.run().probabilities - bundled).cwiseAbs().maxCoeff() == 0.0f);
  CHECK(s.refused_file() == 0);
  // a newer run replaces one in progress: only the last one's stages are kept
  s.toggle_patch(1);
  s.toggle_patch(2);
  l.settle();
  CHECK(s.interventions().occluded(1));
  CHECK(s.interventions().occluded(2));
  const vp::VitCheckpoint checkpoint = bundled_checkpoint("mnist-vit");
  const Mat expected = vp::vit_run(checkpoint.model, s.prepared()->input, s.interventions()).probabilities;
  CHECK((s.run().probabilities - expected).cwiseAbs().maxCoeff() < 1e-6f);
  CHECK(s.files_json() == nlohmann::json::parse(R"({"opened": 3, "refused_file": 0, "refusal": "", "settled": true})"));
}
