// Image files (platform/image_file): every format tests/make_image_fixtures.py writes
// decodes to the size PIL gave it, with the ink where it was drawn; every bad file is a
// vp::Error saying what is wrong, before any large allocation.
#include <catch2/catch.hpp>

#include <algorithm>

#include "formats/file_bytes.h"
#include "formats/image.h"
#include "nn/tensor.h"
#include "platform/image_file.h"

namespace {

const std::string kImages = VITPLAY_SOURCE_DIR "/tests/fixtures/images/";

// Mean of R, G, B over the whole image (0..255).
double mean_level(const vp::RgbaImage& im) {
  double sum = 0;
  for (size_t i = 0; i < im.rgba.size(); i += 4) sum += im.rgba[i] + im.rgba[i + 1] + im.rgba[i + 2];
  return sum / (3.0 * im.width * im.height);
}

std::string error_of(const std::string& file) {
  try {
    vp::platform::read_image_file(kImages + file);
  } catch (const vp::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("image files: PNG, JPEG, BMP, GIF, 16-bit PNG, CMYK and progressive JPEG decode", "[image]") {
  struct Case {
    const char* file;
    int width, height;
    bool dark_ink;  // dark digit on light paper: the mean is closer to white
  };
  const Case cases[] = {
      {"digit_3_sans_bold.png", 96, 96, true},       {"digit_7_serif_blur.jpg", 64, 80, true},
      {"digit_1_light_on_dark.bmp", 120, 90, false}, {"digit_0_blue_ink.gif", 50, 50, true},
      {"digit_4_large_noisy.png", 200, 150, true},   {"digit_5_gray16.png", 72, 72, true},
      {"digit_2_cmyk.jpg", 80, 80, true},            {"digit_8_gray_progressive.jpg", 48, 60, true},
  };
  for (const Case& c : cases) {
    INFO(c.file);
    const vp::RgbaImage im = vp::platform::read_image_file(kImages + c.file);
    CHECK(im.width == c.width);
    CHECK(im.height == c.height);
    REQUIRE(im.rgba.size() == static_cast<size_t>(c.width * c.height * 4));
    CHECK((mean_level(im) > 128) == c.dark_ink);
    CHECK(im.rgba[3] == 255);  // opaque
  }
  // The CMYK file's paper is white and its ink black (not inverted, not tinted).
  const vp::RgbaImage cmyk = vp::platform::read_image_file(kImages + "digit_2_cmyk.jpg");
  for (int channel = 0; channel < 3; ++channel) {
    CHECK(cmyk.rgba[channel] > 240);                                    // top-left corner: paper
    CHECK(cmyk.rgba[(40 * 80 + 40) * 4 + channel] < 40);  // the 2's middle stroke at the centre
  }
  // 16-bit PNG reduced to 8 bits: white stays 255.
  CHECK(vp::platform::read_image_file(kImages + "digit_5_gray16.png").rgba[0] == 255);
}

TEST_CASE("image files: bad files are refused with a message that says why", "[image]") {
  CHECK_THAT(error_of("bad_empty.png"), Catch::Contains("empty (0 bytes)"));
  CHECK_THAT(error_of("bad_not_an_image.png"), Catch::Contains("not an image"));
  CHECK_THAT(error_of("bad_one_pixel.png"), Catch::Contains("1x1 pixels: too small"));
  CHECK_THAT(error_of("bad_truncated.png"), Catch::Contains("truncated PNG"));
  CHECK_THAT(error_of("bad_truncated.jpg"), Catch::Contains("truncated JPEG"));
  CHECK_THAT(error_of("no_such_file.png"), Catch::Contains("cannot open"));
  // Every message names the file.
  CHECK_THAT(error_of("bad_empty.png"), Catch::StartsWith("\"" + kImages + "bad_empty.png\": "));
}

TEST_CASE("image files: a JPEG with endless progressive scans is refused, not decoded for minutes", "[image]") {
  const std::vector<uint8_t> file = vp::read_file_bytes(kImages + "digit_8_gray_progressive.jpg", 1 << 20, "image");
  // The first scan (DC, from the first SOS marker FF DA up to the next) repeated: the DC
  // scan's data decodes the same each time (later scans refine what came before).
  const uint8_t sos[] = {0xFF, 0xDA};
  const auto first_scan = std::search(file.begin(), file.end(), std::begin(sos), std::end(sos));
  REQUIRE(first_scan != file.end());
  const auto second_scan = std::search(first_scan + 2, file.end(), std::begin(sos), std::end(sos));
  REQUIRE(second_scan != file.end());
  auto with_scan_repeated = [&](int times) {
    std::vector<uint8_t> out(file.begin(), second_scan);
    for (int i = 1; i < times; ++i) out.insert(out.end(), first_scan, second_scan);
    out.insert(out.end(), second_scan, file.end());
    return out;
  };
  const std::vector<uint8_t> bomb = with_scan_repeated(600), long_file = with_scan_repeated(20);
  CHECK_THROWS_WITH(vp::platform::decode_image(bomb.data(), bomb.size()),
                    Catch::Contains("more than 500 progressive scans"));
  CHECK(vp::platform::decode_image(long_file.data(), long_file.size()).width == 48);
}

TEST_CASE("image files: PNG in every layout decodes to the pixels it holds", "[image]") {
  // tests/make_image_fixtures.py writes each layout with the RGBA bytes it holds (PIL agrees).
  const char* layouts[] = {"rgb_interlaced", "rgba16", "palette4_trns", "grey", "grey_alpha", "grey2_interlaced",
                           "grey_trns"};
  for (const char* layout : layouts) {
    INFO(layout);
    const std::string name = kImages + "png_" + layout;
    const vp::RgbaImage im = vp::platform::read_image_file(name + ".png");
    const std::vector<uint8_t> expected = vp::read_file_bytes(name + ".rgba", 1 << 20, "pixels");
    CHECK(im.width == 23);
    CHECK(im.height == 17);
    REQUIRE(im.rgba.size() == expected.size());
    const auto differ = std::mismatch(im.rgba.begin(), im.rgba.end(), expected.begin());
    INFO("first difference at byte " << differ.first - im.rgba.begin());
    CHECK(differ.first == im.rgba.end());
  }
}

TEST_CASE("image files: a PNG sized 30000x30000 is refused from its header, with the size and the limit",
          "[image]") {
  CHECK_THAT(error_of("bad_declares_30000x30000.png"),
             Catch::EndsWith("PNG image is 30000x30000 pixels: larger than the limit of 16384 per side"));
  // Within the per-side limit, the pixel count: 8000x8000 is 64 megapixels.
  CHECK_THAT(error_of("bad_declares_8000x8000.png"),
             Catch::EndsWith("PNG image is 8000x8000 pixels (64 megapixels): larger than the limit of 40 megapixels"));
}

TEST_CASE("image files: a PNG chunk longer than the file is refused without being allocated", "[image]") {
  const std::vector<uint8_t> good = vp::read_file_bytes(kImages + "digit_3_sans_bold.png", 1 << 20, "image");
  // The first chunk after the 8-byte signature is IHDR (13 bytes); the second, at 33, is IDAT.
  REQUIRE(std::string(good.begin() + 12, good.begin() + 16) == "IHDR");
  REQUIRE(std::string(good.begin() + 37, good.begin() + 41) == "IDAT");
  // 2^31 - 1 bytes (stb 2.27 grew its buffer to 2 GB for an IDAT that long), and 1 MB: libpng
  // reads image data a few kilobytes at a time, and the file ends first.
  for (const uint32_t length : {0x7FFFFFFFu, 1'000'000u}) {
    std::vector<uint8_t> png = good;
    for (int i = 0; i < 4; ++i) png[33 + i] = static_cast<uint8_t>(length >> (24 - 8 * i));
    CHECK_THROWS_WITH(vp::platform::decode_image(png.data(), png.size()),
                      Catch::Contains("truncated PNG file: it ends after 1441 bytes, before its last pixel"));
  }
}

TEST_CASE("image files: a PNG with a damaged chunk is refused with libpng's reason", "[image]") {
  std::vector<uint8_t> png = vp::read_file_bytes(kImages + "digit_3_sans_bold.png", 1 << 20, "image");
  // The IDAT chunk's 1384 bytes of data run from 41, its CRC from 1425.
  png[45] ^= 0x20;  // compressed data: zlib stops first, with its reason
  CHECK_THROWS_WITH(vp::platform::decode_image(png.data(), png.size()),
                    Catch::Contains("corrupt PNG file: IDAT: invalid code lengths set"));
  png = vp::read_file_bytes(kImages + "digit_3_sans_bold.png", 1 << 20, "image");
  png[1425] ^= 0x20;  // the CRC: the pixels decode, and the check at the chunk's end fails
  CHECK_THROWS_WITH(vp::platform::decode_image(png.data(), png.size()),
                    Catch::Contains("corrupt PNG file: IDAT: CRC error"));
  png = vp::read_file_bytes(kImages + "digit_3_sans_bold.png", 1 << 20, "image");
  png[7] = 0;  // the signature's last byte, as a transfer in text mode damages it
  CHECK_THROWS_WITH(vp::platform::decode_image(png.data(), png.size()),
                    Catch::Contains("corrupt PNG file: PNG file corrupted by ASCII conversion"));
}

TEST_CASE("image size limits", "[image]") {
  CHECK_THROWS_WITH(vp::check_image_size(0, 5), Catch::Contains("empty"));
  CHECK_THROWS_WITH(vp::check_image_size(16385, 2), Catch::Contains("16384 per side"));
  CHECK_THROWS_WITH(vp::check_image_size(10000, 10000), Catch::Contains("40 megapixels"));
  CHECK_NOTHROW(vp::check_image_size(2, 2));
  CHECK_NOTHROW(vp::check_image_size(8000, 5000));
  CHECK_THROWS_WITH(vp::make_rgba_image(2, 2, std::vector<uint8_t>(15)), Catch::Contains("expected 16"));
  CHECK(vp::make_rgba_image(2, 3, std::vector<uint8_t>(24)).height == 3);
}
