#include "platform/jpeg_file.h"

#include <cstdio>  // jpeglib.h uses FILE without including it

#include <jerror.h>
#include <jpeglib.h>

#include "formats/safetensors.h"  // vp::Error

namespace vp::platform {

namespace {

// Progressive files refine the whole image once per scan; a small hostile file can declare
// thousands of scans over a large image and keep the decoder busy for minutes. Real encoders
// write about ten (libjpeg-turbo's djpeg offers the same limit as -maxscans).
constexpr int kMaxScans = 500;
// libjpeg's working memory (a progressive file keeps every coefficient of the image: two bytes
// per pixel and component, about 240 MB for a 40-megapixel 4:4:4 file); past it libjpeg stops
// with "backing store not supported" instead of allocating more.
constexpr long kMaxDecoderMemory = 512l * 1024 * 1024;

std::string libjpeg_message(j_common_ptr cinfo) {
  char text[JMSG_LENGTH_MAX];
  cinfo->err->format_message(cinfo, text);
  return text;
}

// libjpeg reports a fatal error by calling error_exit, which must not return. Instead of the
// usual setjmp/longjmp, which would skip the destructors of the C++ frames in between, the
// error leaves as a C++ exception. It unwinds through libjpeg's C frames (Debian builds them
// with unwind tables; wasm exceptions unwind any frame), which hold nothing but pointers into
// cinfo's pools, and jpeg_destroy_decompress frees those.
[[noreturn]] void throw_libjpeg_error(j_common_ptr cinfo) {
  throw Error("corrupt or truncated JPEG file: " + libjpeg_message(cinfo));
}

// Warnings: libjpeg decodes on after most of them, as browsers do, but a file that ends
// before its last pixel is refused, as the page's decoder (createImageBitmap) refuses it.
void on_libjpeg_message(j_common_ptr cinfo, int level) {
  const bool warning = level < 0;
  const int code = cinfo->err->msg_code;
  if (warning && (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER)) throw_libjpeg_error(cinfo);
}

void limit_scans(j_common_ptr cinfo) {
  auto* decoder = reinterpret_cast<j_decompress_ptr>(cinfo);
  if (decoder->input_scan_number > kMaxScans)
    throw Error("corrupt JPEG file: more than " + std::to_string(kMaxScans) + " progressive scans");
}

// jpeg_create_decompress / jpeg_destroy_decompress as a scope.
struct Decompressor {
  jpeg_decompress_struct cinfo{};
  jpeg_error_mgr errors{};
  jpeg_progress_mgr progress{};

  Decompressor() {
    cinfo.err = jpeg_std_error(&errors);
    errors.error_exit = throw_libjpeg_error;
    errors.emit_message = on_libjpeg_message;
    jpeg_create_decompress(&cinfo);
    cinfo.mem->max_memory_to_use = kMaxDecoderMemory;
    progress.progress_monitor = limit_scans;
    cinfo.progress = &progress;
  }
  ~Decompressor() { jpeg_destroy_decompress(&cinfo); }
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;
};

}  // namespace

RgbaImage decode_jpeg(const uint8_t* bytes, size_t size) {
  Decompressor d;
  jpeg_decompress_struct& cinfo = d.cinfo;
  jpeg_mem_src(&cinfo, bytes, static_cast<unsigned long>(size));
  jpeg_read_header(&cinfo, TRUE);
  check_image_size(cinfo.image_width, cinfo.image_height, "JPEG image");

  // CMYK and YCCK come out as CMYK (libjpeg converts YCCK); the rest straight to RGBA.
  const bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
  cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_EXT_RGBA;
  jpeg_start_decompress(&cinfo);

  RgbaImage image;
  image.width = static_cast<int>(cinfo.output_width);
  image.height = static_cast<int>(cinfo.output_height);
  image.rgba.resize(static_cast<size_t>(image.width) * image.height * 4);
  const size_t row_bytes = static_cast<size_t>(image.width) * 4;
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = image.rgba.data() + cinfo.output_scanline * row_bytes;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);

  if (cmyk) {
    // Adobe's CMYK JPEGs (Photoshop writes nearly all of them) store each ink inverted,
    // 255 = no ink: the light left in red is then stored cyan x stored black / 255.
    for (size_t i = 0; i < image.rgba.size(); i += 4) {
      const int k = image.rgba[i + 3];
      for (int c = 0; c < 3; ++c) image.rgba[i + c] = static_cast<uint8_t>((image.rgba[i + c] * k + 127) / 255);
      image.rgba[i + 3] = 255;
    }
  }
  return image;
}

}  // namespace vp::platform
