#include "app/i18n.h"

namespace vp::app {

namespace {
Lang g_lang = Lang::en;
}

void set_lang(Lang lang) { g_lang = lang; }
Lang current_lang() { return g_lang; }

}  // namespace vp::app
