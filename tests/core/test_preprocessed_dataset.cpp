// Image sets through the upload preprocessing (train/preprocessed_dataset): a synthetic digit at
// another size comes out as the same 28x28 input preprocess_image gives for it alone; faint
// images are left out and counted; labels.csv is parsed and its mistakes named by line.
#include <catch2/catch.hpp>

#include "train/preprocessed_dataset.h"

namespace {

// A dark bar on light paper (what a printed "1" looks like), side x side, grey.
vp::ImageDataset bar_on_paper(int side, int label, uint8_t ink) {
  vp::ImageDataset set;
  set.height = set.width = side;
  set.pixels.assign(static_cast<size_t>(side) * side, 230);
  for (int y = side / 5; y < side * 4 / 5; ++y)
    for (int x = side / 2 - 2; x < side / 2 + 2; ++x) set.pixels[y * side + x] = ink;
  set.labels = {label};
  return set;
}

}  // namespace

TEST_CASE("preprocess_dataset gives each image the input preprocess_image gives it", "[preprocessed-dataset]") {
  vp::ImageDataset raw = bar_on_paper(48, 1, 20);
  raw.append(bar_on_paper(48, 7, 60));
  size_t refused = 99;
  const vp::ImageDataset out = vp::preprocess_dataset(raw, vp::PreprocessSpec{}, &refused);
  CHECK(refused == 0);
  REQUIRE(out.size() == 2);
  CHECK(out.height == 28);
  CHECK(out.width == 28);
  CHECK(out.labels == std::vector<int>{1, 7});

  vp::RgbaImage alone{48, 48, {}};
  for (size_t p = 0; p < 48 * 48; ++p)
    for (int c = 0; c < 4; ++c) alone.rgba.push_back(c == 3 ? 255 : raw.pixels[p]);
  const vp::Mat expected = vp::preprocess_image(alone, vp::PreprocessSpec{}).input;
  CHECK((out.image(0) - expected).cwiseAbs().maxCoeff() <= 0.5f / 255.0f + 1e-6f);  // bytes round
  CHECK(out.image(0).maxCoeff() > 0.9f);   // the bar is light ink on dark now
  CHECK(out.image(0)(0, 0) == 0.0f);
}

TEST_CASE("preprocess_dataset leaves out images with no ink and counts them", "[preprocessed-dataset]") {
  vp::ImageDataset raw = bar_on_paper(32, 4, 10);
  raw.append(bar_on_paper(32, 5, 230));  // the bar is the paper's colour: nothing to find
  raw.append(bar_on_paper(32, 6, 10));
  size_t refused = 0;
  const vp::ImageDataset out = vp::preprocess_dataset(raw, vp::PreprocessSpec{}, &refused);
  CHECK(refused == 1);
  CHECK(out.labels == std::vector<int>{4, 6});
  CHECK(out.pixels.size() == 2 * 28 * 28);
}

TEST_CASE("preprocess_dataset refuses a spec that normalises", "[preprocessed-dataset]") {
  vp::PreprocessSpec spec;
  spec.mean = {0.1307f};
  size_t refused = 0;
  CHECK_THROWS_WITH(vp::preprocess_dataset(bar_on_paper(32, 1, 0), spec, &refused),
                    Catch::Contains("mean must be 0"));
}

TEST_CASE("labels.csv lists images with their class and kind", "[preprocessed-dataset]") {
  const auto entries = vp::parse_labels_csv("file,label,kind\r\na.png,3,print\nb-1.png,0,pad\n\n", 10);
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].file == "a.png");
  CHECK(entries[0].label == 3);
  CHECK(entries[0].kind == "print");
  CHECK(entries[1].file == "b-1.png");
  CHECK(entries[1].label == 0);
  CHECK(entries[1].kind == "pad");

  CHECK_THROWS_WITH(vp::parse_labels_csv("file,label,kind\na.png,10,print\n", 10),
                    Catch::Contains("line 2: the label must be a class number 0..9"));
  CHECK_THROWS_WITH(vp::parse_labels_csv("file,label,kind\na.png,-1,print\n", 10), Catch::Contains("line 2"));
  CHECK_THROWS_WITH(vp::parse_labels_csv("a.png,1\n", 10), Catch::Contains("line 1: expected file,label,kind"));
  CHECK_THROWS_WITH(vp::parse_labels_csv("file,label,kind\nsub/a.png,1,x\n", 10), Catch::Contains("plain name"));
  CHECK_THROWS_WITH(vp::parse_labels_csv("file,label,kind\n", 10), Catch::Contains("lists no images"));
}
