#include "platform/offer_file.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#else
#include <cstdlib>
#include <filesystem>
#include <fstream>
#endif

namespace vp::platform {

#ifdef __EMSCRIPTEN__
std::string offer_file(const std::string& name, const std::vector<uint8_t>& bytes, const char* mime_type) {
  // A Blob and a temporary <a download> link: the browser's own download, no server.
  EM_ASM({
    var blob = new Blob([HEAPU8.slice($1, $1 + $2)], {type: UTF8ToString($3)});
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = UTF8ToString($0);
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    setTimeout(function() { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }, name.c_str(), bytes.data(), bytes.size(), mime_type);
  return "Downloaded " + name;
}

bool open_link(const std::string& url) {
  EM_ASM({ window.open(UTF8ToString($0), "_blank", "noopener"); }, url.c_str());
  return true;
}
#else
std::string offer_file(const std::string& name, const std::vector<uint8_t>& bytes, const char*) {
  const char* dir = std::getenv("VITPLAY_EXPORT_DIR");
  const std::filesystem::path path = std::filesystem::absolute(std::filesystem::path(dir && *dir ? dir : ".") / name);
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return "could not write " + path.string();
  return "Saved " + path.string();
}

bool open_link(const std::string&) { return false; }
#endif

}  // namespace vp::platform
