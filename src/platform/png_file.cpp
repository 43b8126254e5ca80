#include "platform/png_file.h"

#include <cstring>
#include <string>
#include <vector>

#include <png.h>

#include "formats/file_bytes.h"   // bytes_str
#include "formats/safetensors.h"  // vp::Error

namespace vp::platform {

namespace {

// libpng reports a fatal error by calling the error function, which must not return: libpng's
// own default longjmps to a setjmp the caller placed, which would skip the destructors of the
// C++ frames in between. As for libjpeg (jpeg_file.cpp), the error leaves as a C++ exception
// instead. It unwinds through libpng's C frames (Debian builds them with unwind tables, so do
// ours; wasm exceptions unwind any frame), which hold nothing but pointers into the png and
// info structs, exactly what libpng's longjmp design already allows for, and
// png_destroy_read_struct frees those.
[[noreturn]] void throw_libpng_error(png_structp, png_const_charp message) {
  throw Error(std::string("corrupt PNG file: ") + message);
}

// Warnings are about chunks libpng skipped or repaired (a bad CRC in an ancillary chunk, too
// much image data): it decodes on, as browsers do.
void ignore_libpng_warning(png_structp, png_const_charp) {}

// The file in memory, handed to libpng as it asks for bytes.
struct MemoryFile {
  const uint8_t* bytes;
  size_t size;
  size_t at = 0;
};

void read_from_memory(png_structp png, png_bytep out, size_t length) {
  auto& file = *static_cast<MemoryFile*>(png_get_io_ptr(png));
  if (length > file.size - file.at)
    throw Error("truncated PNG file: it ends after " + bytes_str(static_cast<int64_t>(file.size)) +
                ", before its last pixel");
  std::memcpy(out, file.bytes + file.at, length);
  file.at += length;
}

// png_create_read_struct / png_destroy_read_struct as a scope.
struct PngReader {
  png_structp png = nullptr;
  png_infop info = nullptr;

  PngReader() {
    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, throw_libpng_error, ignore_libpng_warning);
    if (png) info = png_create_info_struct(png);
    if (!png || !info) {
      png_destroy_read_struct(&png, &info, nullptr);
      throw Error("out of memory starting the PNG decoder");
    }
  }
  ~PngReader() { png_destroy_read_struct(&png, &info, nullptr); }
  PngReader(const PngReader&) = delete;
  PngReader& operator=(const PngReader&) = delete;
};

}  // namespace

RgbaImage decode_png(const uint8_t* bytes, size_t size) {
  PngReader reader;
  png_structp png = reader.png;
  png_infop info = reader.info;
  MemoryFile file{bytes, size};
  png_set_read_fn(png, &file, read_from_memory);
  // libpng's own limit (a million pixels per side) would refuse a large declared size as
  // "Invalid IHDR data"; PNG's maximum lets every size reach check_image_size, which says
  // what the size is and which limit it breaks.
  png_set_user_limits(png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
  // Only the pixels matter: text, ICC profiles, gamma and the like are skipped unread (and so
  // are their allocations); tRNS and the critical chunks are still decoded.
  png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, nullptr, -1);

  png_read_info(png, info);
  png_uint_32 width = 0, height = 0;
  int bit_depth = 0, color_type = 0;
  png_get_IHDR(png, info, &width, &height, &bit_depth, &color_type, nullptr, nullptr, nullptr);
  check_image_size(width, height, "PNG image");

  png_set_expand(png);                               // palette to RGB, grey to 8 bits, tRNS to alpha
  png_set_strip_16(png);                             // 16-bit samples: the high byte
  png_set_gray_to_rgb(png);                          // grey g to (g, g, g)
  png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);    // opaque where the file has no alpha
  png_set_interlace_handling(png);                   // Adam7's seven passes, assembled by libpng
  png_read_update_info(png, info);
  const size_t row_bytes = static_cast<size_t>(width) * 4;
  if (png_get_rowbytes(png, info) != row_bytes)
    throw Error("PNG decoder: " + std::to_string(png_get_rowbytes(png, info)) + " bytes per row, expected " +
                std::to_string(row_bytes) + " (RGBA)");

  RgbaImage image;
  image.width = static_cast<int>(width);
  image.height = static_cast<int>(height);
  image.rgba.resize(row_bytes * height);
  std::vector<png_bytep> rows(height);
  for (png_uint_32 y = 0; y < height; ++y) rows[y] = image.rgba.data() + y * row_bytes;
  // The pixels are complete here; what may follow the image data (text, IEND) is not read.
  png_read_image(png, rows.data());
  return image;
}

}  // namespace vp::platform
