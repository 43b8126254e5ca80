# Writes the ES module twin of web/vitplay-embed.js: the same code, told its own URL by
# import.meta.url instead of document.currentScript, with VitPlay as its exports.
#   cmake -DSOURCE=web/vitplay-embed.js -DOUTPUT=build/web/vitplay-embed.mjs -P cmake/embed_module.cmake
file(READ ${SOURCE} text)
set(opening "(function (scriptUrl) {")
set(closing "})(document.currentScript && document.currentScript.src);")
string(FIND "${text}" "${opening}" at_opening)
string(FIND "${text}" "${closing}" at_closing REVERSE)
if(at_opening LESS 0 OR at_closing LESS 0)
  message(FATAL_ERROR "${SOURCE} no longer opens with '${opening}' and closes with '${closing}': update ${CMAKE_CURRENT_LIST_FILE}")
endif()
string(REPLACE "${opening}" "const VitPlay = ${opening}" text "${text}")
string(REPLACE "${closing}" "})(import.meta.url);
export default VitPlay;
export const { create, scan, preload, describe } = VitPlay;" text "${text}")
file(WRITE ${OUTPUT} "// Generated from vitplay-embed.js by cmake/embed_module.cmake: the ES module form.\n${text}")
