// Asking the user for a file, where the platform has a way: in the page, the browser's file
// chooser (web/vitplay-api.js opens the chosen file as a dropped one would be); natively there
// is no portable dialog, and files come by drag and drop or --image.
#pragma once

namespace vp::platform {

// Returns false when this platform has no file chooser.
bool open_file_chooser();

}  // namespace vp::platform
