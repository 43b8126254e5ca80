// Preprocessing (formats/image_preprocess): resampling against PIL, the ImageNet transform
// against torchvision (fixtures by tests/make_preprocess_fixtures.py), and the MNIST recipes
// on synthetic pictures whose right answer is known.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "formats/image_preprocess.h"

using vp::Mat;

namespace {

const std::string kFixtures = VITPLAY_SOURCE_DIR "/tests/fixtures/preprocess/";

nlohmann::json read_json(const std::string& name) {
  std::ifstream in(kFixtures + name);
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

Mat to_mat(const nlohmann::json& rows) {
  Mat m(rows.size(), rows[0].size());
  for (size_t r = 0; r < rows.size(); ++r)
    for (size_t c = 0; c < rows[r].size(); ++c) m(r, c) = rows[r][c].get<float>();
  return m;
}

// A w x h picture of one grey level with a filled rectangle of another (a crude "digit").
vp::RgbaImage picture(int w, int h, uint8_t paper, uint8_t ink, int top, int left, int rect_h, int rect_w) {
  vp::RgbaImage image{w, h, std::vector<uint8_t>(static_cast<size_t>(w) * h * 4, 255)};
  for (int r = 0; r < h; ++r)
    for (int c = 0; c < w; ++c) {
      const bool inside = r >= top && r < top + rect_h && c >= left && c < left + rect_w;
      for (int k = 0; k < 3; ++k) image.rgba[(static_cast<size_t>(r) * w + c) * 4 + k] = inside ? ink : paper;
    }
  return image;
}

std::vector<std::string> stage_ids(const vp::Preprocessed& p) {
  std::vector<std::string> ids;
  for (const auto& s : p.stages) ids.push_back(s.id);
  return ids;
}

}  // namespace

TEST_CASE("resampling equals PIL's antialiased bilinear resize", "[preprocess]") {
  const nlohmann::json cases = read_json("resize.json");
  REQUIRE(cases.size() == 4);
  for (const auto& c : cases) {
    const Mat input = to_mat(c["input"]), expected = to_mat(c["output"]);
    const Mat got = vp::resize_plane(input, static_cast<int>(expected.rows()), static_cast<int>(expected.cols()));
    INFO(vp::shape_str(input) << " -> " << vp::shape_str(expected));
    CHECK((got - expected).cwiseAbs().maxCoeff() < 2e-6f);
  }
  // a constant stays constant, whatever the scale
  const Mat grey = Mat::Constant(50, 70, 0.25f);
  CHECK((vp::resize_plane(grey, 7, 3).array() - 0.25f).abs().maxCoeff() < 1e-6f);
  CHECK((vp::resize_plane(grey, 90, 200).array() - 0.25f).abs().maxCoeff() < 1e-6f);
}

TEST_CASE("the imagenet recipe equals torchvision's Resize + CenterCrop + Normalize", "[preprocess]") {
  const nlohmann::json f = read_json("imagenet.json");
  const int h = f["height"], w = f["width"];
  vp::RgbaImage image{w, h, {}};
  const auto rgb = f["rgb"].get<std::vector<int>>();
  for (size_t i = 0; i < rgb.size(); i += 3)
    image.rgba.insert(image.rgba.end(), {uint8_t(rgb[i]), uint8_t(rgb[i + 1]), uint8_t(rgb[i + 2]), 255});
  vp::PreprocessSpec spec;
  spec.recipe = "imagenet";
  spec.channels = 3;
  spec.image_size = f["image_size"];
  spec.crop_fraction = f["crop_fraction"];
  spec.mean = f["mean"].get<std::vector<float>>();
  spec.std = f["std"].get<std::vector<float>>();
  const vp::Preprocessed p = vp::preprocess_image(image, spec);
  const Mat expected = to_mat(f["output"]);
  REQUIRE(p.input.rows() == 48);
  REQUIRE(p.input.cols() == 16);
  // torchvision resizes the 8-bit image and rounds to 8 bits (PIL, fixed point): at most about
  // one grey level apart, divided by the smallest std
  const Mat diff = (p.input - expected).cwiseAbs();
  CHECK(diff.maxCoeff() < 1.5f / 255 / 0.224f);
  CHECK(diff.mean() < 0.6f / 255 / 0.224f);
  CHECK(stage_ids(p) == std::vector<std::string>{"resized", "cropped", "normalised"});
  CHECK(p.stages[0].pixels.rows() == 3 * 18);  // shorter side 16 / 0.875 = 18.3 -> 18
  CHECK(p.stages[0].pixels.cols() == 24);       // 41 * 18 / 30 = 24.6, truncated as torchvision does
}

TEST_CASE("a dark digit on light paper, off-centre, ends light on dark and centred by mass", "[preprocess]") {
  // 120 x 90 paper (light grey, like a photo), a 40 x 12 stroke near the top-left corner
  const vp::RgbaImage image = picture(90, 120, 220, 30, 10, 8, 40, 12);
  const vp::Preprocessed p = vp::preprocess_image(image, {});
  CHECK(p.inverted);
  CHECK(stage_ids(p) ==
        std::vector<std::string>{"grayscale", "inverted", "ink", "cropped", "fitted", "centred", "normalised"});
  REQUIRE(p.input.rows() == 28);
  REQUIRE(p.input.cols() == 28);
  // ink is 1, paper 0
  CHECK(p.input.maxCoeff() == Approx(1.0f));
  CHECK(p.input(0, 0) == 0.0f);
  CHECK(p.input(27, 27) == 0.0f);
  // the stroke's centre of mass is the canvas centre (14, 14), to half a pixel
  const auto [cy, cx] = vp::centre_of_mass(p.input);
  CHECK(std::abs(cy - 14.0) <= 0.5);
  CHECK(std::abs(cx - 14.0) <= 0.5);
  // the longer side of the ink (40 tall) fills the 20-pixel box: 20 rows lit, 6 columns
  const Mat fitted = p.stages[4].pixels;
  CHECK(fitted.rows() == 20);
  CHECK(fitted.cols() == 6);
  int lit_rows = 0;
  for (int r = 0; r < 28; ++r) lit_rows += p.input.row(r).maxCoeff() > 0.5f;
  CHECK(lit_rows == 20);
}

TEST_CASE("a light digit on a dark background is not inverted", "[preprocess]") {
  const vp::RgbaImage image = picture(60, 60, 10, 250, 30, 35, 20, 20);
  const vp::Preprocessed p = vp::preprocess_image(image, {});
  CHECK_FALSE(p.inverted);
  CHECK(stage_ids(p).at(1) == "ink");
  const auto [cy, cx] = vp::centre_of_mass(p.input);
  CHECK(std::abs(cy - 14.0) <= 0.5);
  CHECK(std::abs(cx - 14.0) <= 0.5);
}

TEST_CASE("the fashion recipe trims, inverts and fits the longest edge to 28", "[preprocess]") {
  // a dark 30 x 60 "trouser" on a white 200 x 100 photo, at the bottom right
  const vp::RgbaImage image = picture(100, 200, 255, 40, 120, 50, 60, 30);
  vp::PreprocessSpec spec;
  spec.recipe = "fashion";
  const vp::Preprocessed p = vp::preprocess_image(image, spec);
  CHECK(p.inverted);
  REQUIRE(p.input.rows() == 28);
  // 60 tall -> 28 rows, 30 wide -> 14 columns, centred: columns 7..20
  for (int r = 0; r < 28; ++r) {
    CHECK(p.input(r, 6) == 0.0f);
    CHECK(p.input(r, 13) > 0.75f);
    CHECK(p.input(r, 21) == 0.0f);
  }
  CHECK(p.input.maxCoeff() <= 1.0f);
}

TEST_CASE("mean and std are applied per channel", "[preprocess]") {
  const vp::RgbaImage image = picture(40, 40, 255, 0, 10, 10, 20, 8);
  vp::PreprocessSpec spec;
  spec.mean = {0.5f};
  spec.std = {0.25f};
  const vp::Preprocessed p = vp::preprocess_image(image, spec);
  CHECK(p.input(0, 0) == Approx(-2.0f));  // (0 - 0.5) / 0.25
  CHECK(p.input.maxCoeff() == Approx(2.0f));
  CHECK(p.stages.back().lo == Approx(-2.0f));
}

TEST_CASE("images and specs preprocessing refuses", "[preprocess]") {
  const vp::PreprocessSpec digit;
  CHECK_THROWS_AS(vp::preprocess_image(vp::RgbaImage{}, digit), vp::Error);                    // 0 x 0
  CHECK_THROWS_AS(vp::preprocess_image(vp::RgbaImage{1, 1, {0, 0, 0, 255}}, digit), vp::Error);  // 1 x 1
  // a size beyond the limit is refused on the declared size, before touching pixels
  CHECK_THROWS_WITH(vp::preprocess_image(vp::RgbaImage{30000, 30000, {}}, digit), Catch::Contains("limit"));
  CHECK_THROWS_WITH(vp::preprocess_image(vp::RgbaImage{4, 4, std::vector<uint8_t>(10)}, digit),
                    Catch::Contains("expected 64"));
  // nothing drawn: no ink to crop to
  CHECK_THROWS_WITH(vp::preprocess_image(picture(30, 30, 255, 255, 0, 0, 0, 0), digit), Catch::Contains("blank"));
  vp::PreprocessSpec fashion;
  fashion.recipe = "fashion";
  CHECK_THROWS_WITH(vp::preprocess_image(picture(30, 30, 0, 0, 0, 0, 0, 0), fashion), Catch::Contains("blank"));
  const vp::RgbaImage ok = picture(30, 30, 255, 0, 5, 5, 10, 4);
  vp::PreprocessSpec bad = digit;
  bad.recipe = "jpeg-magic";
  CHECK_THROWS_WITH(vp::preprocess_image(ok, bad), Catch::Contains("unknown preprocessing"));
  bad = digit;
  bad.std = {0.0f};
  CHECK_THROWS_AS(vp::preprocess_image(ok, bad), vp::Error);
  bad = digit;
  bad.channels = 3;  // the digit recipe is grayscale
  CHECK_THROWS_AS(vp::preprocess_image(ok, bad), vp::Error);
  bad.recipe = "imagenet";
  bad.mean = {0.1f, 0.2f};  // neither 1 nor 3 values
  CHECK_THROWS_AS(vp::preprocess_image(ok, bad), vp::Error);
}

TEST_CASE("a transparent background counts as white paper", "[preprocess]") {
  // black ink on fully transparent pixels (RGB 0, alpha 0): the paper is white, the ink dark
  vp::RgbaImage image{32, 32, std::vector<uint8_t>(32 * 32 * 4, 0)};
  for (int r = 8; r < 24; ++r)
    for (int c = 14; c < 18; ++c) image.rgba[(r * 32 + c) * 4 + 3] = 255;
  const vp::Preprocessed p = vp::preprocess_image(image, {});
  CHECK(p.inverted);
  CHECK(p.input(0, 0) == 0.0f);
  CHECK(p.input.maxCoeff() == Approx(1.0f));
}
