#pragma once
// stb_image from Debian's libstb-dev (the page's build has no libstb: the header is copied into
// the build's deps-include). Only formats with a signature. stb's own dimension limit stays at
// its default (2^24), so stbi_info reports a huge declared size and check_image_size says what
// it is. JPEG goes to libjpeg-turbo (jpeg_file.h). The implementation is compiled once, in
// stb_image.cpp.
#define STBI_NO_STDIO
#define STBI_ONLY_PNG
#define STBI_ONLY_BMP
#define STBI_ONLY_GIF
#define STBI_ONLY_PNM
#include <stb/stb_image.h>
