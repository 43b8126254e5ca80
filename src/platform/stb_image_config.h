#pragma once
// stb_image from Debian's libstb-dev (the page's build has no libstb: the header is copied into
// the build's deps-include), for the formats that have no decoder of their own here: BMP, GIF
// and PNM, each recognised by its signature. They stay because the CLI and the desktop app
// accept them (vitplay-cli classify's help, tests/cli/classify.sh); PNG goes to libpng
// (png_file.h) and JPEG to libjpeg-turbo (jpeg_file.h). stb's own dimension limit stays at its
// default (2^24), so stbi_info reports a huge declared size and check_image_size says what it
// is. The implementation is compiled once, in stb_image.cpp.
#define STBI_NO_STDIO
#define STBI_ONLY_BMP
#define STBI_ONLY_GIF
#define STBI_ONLY_PNM
#include <stb/stb_image.h>
