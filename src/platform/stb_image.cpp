// stb_image's implementation, alone in this file so that the sanitizer builds can leave it out
// of UBSan (see CMakeLists.txt): it is third-party code with known undefined shifts on corrupt
// JPEGs (nothings/stb#1293, fixed upstream after the 2022 snapshot Debian 12 ships).
#define STB_IMAGE_IMPLEMENTATION
#include "platform/stb_image_config.h"
