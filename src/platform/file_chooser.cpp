#include "platform/file_chooser.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#endif

namespace vp::platform {

bool open_file_chooser() {
#ifdef __EMSCRIPTEN__
  // The click that pressed the button was a moment ago: the browser still counts this as a
  // user gesture and lets the page open its chooser.
  return EM_ASM_INT({ return Module.vitplayChooseFile ? (Module.vitplayChooseFile(), 1) : 0; }) != 0;
#else
  return false;
#endif
}

}  // namespace vp::platform
