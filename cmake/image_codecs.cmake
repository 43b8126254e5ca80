# The image decoders behind src/platform/image_file.cpp, as the target vitplay_image_codecs:
# libjpeg-turbo (JPEG), libpng (PNG) and the zlib libpng inflates with.
#
# The native build links Debian's libraries (libjpeg62-turbo-dev, libpng-dev, zlib1g-dev).
# Debian has no WebAssembly build of them, and its native ones are not instrumented: the
# WebAssembly build and the sanitizer build (ASan + UBSan + libFuzzer coverage, so fuzz-image
# reaches into the decoders) compile the same versions from Debian's source packages, which
# ci/setup unpacks into .deps/.
#
# Set before including: VITPLAY_WEB, VITPLAY_SANITIZE, VITPLAY_SANITIZE_FLAGS.

add_library(vitplay_image_codecs INTERFACE)

if(NOT VITPLAY_WEB AND NOT VITPLAY_SANITIZE)
  find_package(JPEG REQUIRED)
  find_package(PNG REQUIRED)  # and ZLIB
  target_link_libraries(vitplay_image_codecs INTERFACE JPEG::JPEG PNG::PNG)
  return()
endif()

set(CODEC_SOURCES ${CMAKE_SOURCE_DIR}/.deps)
foreach(check libjpeg-turbo/jpeglib.h libpng/png.h zlib/zlib.h)
  if(NOT EXISTS ${CODEC_SOURCES}/${check})
    message(FATAL_ERROR "${CODEC_SOURCES}/${check} is missing: run ci/setup (it fetches Debian's source packages)")
  endif()
endforeach()

# The C compiler and flags of this build, for the libraries' own CMake builds.
if(VITPLAY_WEB)
  set(CODEC_CMAKE_ARGS -DCMAKE_TOOLCHAIN_FILE=${CMAKE_TOOLCHAIN_FILE} -DCMAKE_BUILD_TYPE=Release)
else()
  list(JOIN VITPLAY_SANITIZE_FLAGS " " sanitize_flags)
  set(CODEC_CMAKE_ARGS -DCMAKE_C_COMPILER=${CMAKE_C_COMPILER} -DCMAKE_BUILD_TYPE=RelWithDebInfo
                       "-DCMAKE_C_FLAGS=${sanitize_flags}")
endif()
include(ExternalProject)

# zlib: its own CMakeLists.txt renames zconf.h inside the source folder, which is shared by
# every build tree (and read-only in some), so its fifteen C files are compiled here instead.
set(ZLIB_SOURCE_DIR ${CODEC_SOURCES}/zlib)
add_library(vitplay_zlib STATIC)
foreach(file adler32 compress crc32 deflate gzclose gzlib gzread gzwrite infback inffast inflate inftrees trees
             uncompr zutil)
  target_sources(vitplay_zlib PRIVATE ${ZLIB_SOURCE_DIR}/${file}.c)
endforeach()
target_include_directories(vitplay_zlib SYSTEM PUBLIC ${ZLIB_SOURCE_DIR})
# As zlib's own builds do on POSIX systems (gzlib.c needs lseek, read and write).
target_compile_definitions(vitplay_zlib PRIVATE Z_HAVE_UNISTD_H _LARGEFILE64_SOURCE=1)
if(VITPLAY_SANITIZE)
  target_compile_options(vitplay_zlib PRIVATE ${VITPLAY_SANITIZE_FLAGS})
endif()

# libpng: the static library only, without its tools and tests, without SIMD filters (none for
# WebAssembly; the portable C ones are what the fuzzer should see), on the zlib above.
set(LIBPNG_BINARY_DIR ${CMAKE_BINARY_DIR}/libpng)
ExternalProject_Add(libpng_build
  SOURCE_DIR ${CODEC_SOURCES}/libpng
  BINARY_DIR ${LIBPNG_BINARY_DIR}
  CMAKE_GENERATOR Ninja
  CMAKE_ARGS ${CODEC_CMAKE_ARGS} -DPNG_SHARED=OFF -DPNG_STATIC=ON -DPNG_EXECUTABLES=OFF -DPNG_TESTS=OFF
             -DPNG_HARDWARE_OPTIMIZATIONS=OFF
             -DZLIB_INCLUDE_DIR=${ZLIB_SOURCE_DIR} -DZLIB_LIBRARY=$<TARGET_FILE:vitplay_zlib>
  BUILD_COMMAND ${CMAKE_COMMAND} --build <BINARY_DIR> --target png_static
  INSTALL_COMMAND ""
  BUILD_BYPRODUCTS ${LIBPNG_BINARY_DIR}/libpng16.a)
add_library(vitplay_libpng STATIC IMPORTED)
set_target_properties(vitplay_libpng PROPERTIES IMPORTED_LOCATION ${LIBPNG_BINARY_DIR}/libpng16.a)
file(MAKE_DIRECTORY ${LIBPNG_BINARY_DIR})  # pnglibconf.h's folder, before libpng's build makes it
target_include_directories(vitplay_libpng SYSTEM INTERFACE ${CODEC_SOURCES}/libpng ${LIBPNG_BINARY_DIR})
target_link_libraries(vitplay_libpng INTERFACE vitplay_zlib)
add_dependencies(vitplay_libpng libpng_build)

# libjpeg-turbo: the static libjpeg, without its x86 SIMD (assembly: neither WebAssembly nor
# instrumented), TurboJPEG and Java.
set(LIBJPEG_BINARY_DIR ${CMAKE_BINARY_DIR}/libjpeg-turbo)
set(LIBJPEG_ARGS -DENABLE_SHARED=OFF -DWITH_SIMD=OFF -DWITH_TURBOJPEG=OFF -DWITH_JAVA=OFF)
if(VITPLAY_WEB)
  # Emscripten's CMake runs check_type_size's probe under node and reads 9 for both sizes;
  # wasm32's size_t and unsigned long are 4 bytes.
  list(APPEND LIBJPEG_ARGS -DHAVE_SIZE_T=TRUE -DSIZE_T=4 -DHAVE_UNSIGNED_LONG=TRUE -DUNSIGNED_LONG=4)
endif()
ExternalProject_Add(libjpeg_turbo_build
  SOURCE_DIR ${CODEC_SOURCES}/libjpeg-turbo
  BINARY_DIR ${LIBJPEG_BINARY_DIR}
  CMAKE_GENERATOR Ninja
  CMAKE_ARGS ${CODEC_CMAKE_ARGS} ${LIBJPEG_ARGS}
  BUILD_COMMAND ${CMAKE_COMMAND} --build <BINARY_DIR> --target jpeg-static
  INSTALL_COMMAND ""
  BUILD_BYPRODUCTS ${LIBJPEG_BINARY_DIR}/libjpeg.a)
add_library(vitplay_libjpeg STATIC IMPORTED)
set_target_properties(vitplay_libjpeg PROPERTIES IMPORTED_LOCATION ${LIBJPEG_BINARY_DIR}/libjpeg.a)
file(MAKE_DIRECTORY ${LIBJPEG_BINARY_DIR})  # jconfig.h's folder
target_include_directories(vitplay_libjpeg SYSTEM INTERFACE ${CODEC_SOURCES}/libjpeg-turbo ${LIBJPEG_BINARY_DIR})
add_dependencies(vitplay_libjpeg libjpeg_turbo_build)

target_link_libraries(vitplay_image_codecs INTERFACE vitplay_libjpeg vitplay_libpng)
