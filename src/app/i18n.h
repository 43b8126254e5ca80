// English and Chinese UI text, switchable at run time. Each string is written once, in
// both languages, where it is used:  ImGui::Button(tr("Next", "下一步")).
// (cmake/make_assets.py scans the sources for the characters the font subset needs.)
#pragma once

namespace vp::app {

enum class Lang { en, zh };

void set_lang(Lang lang);
Lang current_lang();
inline const char* tr(const char* en, const char* zh) { return current_lang() == Lang::zh ? zh : en; }

}  // namespace vp::app
