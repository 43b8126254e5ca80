// stb_image's implementation, alone in this file so that the sanitizer builds can leave it out
// of UBSan (see CMakeLists.txt): third-party code, in the 2022 snapshot Debian 12 ships, whose
// JPEG decoder had undefined shifts (nothings/stb#1293) and wild reads on corrupt files and
// whose PNG decoder allocated what a chunk declared; JPEG and PNG now go to libjpeg-turbo and
// libpng, stb decodes only BMP, GIF and PNM, and ASan still watches its memory.
#define STB_IMAGE_IMPLEMENTATION
#include "platform/stb_image_config.h"
