// Handing a file the app made (Export) to the user: the page downloads it through the
// browser, the desktop app writes it into the working directory (or $VITPLAY_EXPORT_DIR).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace vp::platform {

// Returns what happened, for the UI: "Downloaded trace.json" / "Saved /path/trace.json",
// or why not ("could not write ...").
std::string offer_file(const std::string& name, const std::vector<uint8_t>& bytes, const char* mime_type);

// Opens a link in a new browser tab (the page). The desktop app has no browser to hand it
// to: returns false and the UI shows the address instead.
bool open_link(const std::string& url);

}  // namespace vp::platform
