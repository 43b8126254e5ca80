// English and Chinese UI text, switchable at run time. Every user-visible string goes
// through tr(key); the table lives in i18n.cpp (its characters also decide the font subset).
#pragma once

namespace vp::app {

enum class Lang { en, zh };

void set_lang(Lang lang);
Lang current_lang();
// The text for key in the current language; the key itself if the table lacks it.
const char* tr(const char* key);

}  // namespace vp::app
