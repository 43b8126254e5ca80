# vitplay_layer(NAME [BELOW LAYER...] [NATIVE FILE...] [WEB FILE...] [THREADS FILE...]
#               [SERIAL FILE...]): the static library vitplay_NAME from the .cpp files of
# src/NAME/, linked to the libraries of the layers named BELOW. Files listed under NATIVE or WEB
# are compiled for that target only, those under THREADS only when VITPLAY_THREADS is on, those
# under SERIAL only when it is off. A build step
# (cmake/check_layers.cmake) refuses any #include "DIR/..." in src/NAME/ whose DIR is neither
# NAME nor one of the layers below, so the layers can only run one way.
function(vitplay_layer name)
  cmake_parse_arguments(PARSE_ARGV 1 LAYER "" "" "BELOW;NATIVE;WEB;THREADS;SERIAL")
  set(dir ${CMAKE_SOURCE_DIR}/src/${name})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${dir}/*.cpp)
  file(GLOB_RECURSE headers CONFIGURE_DEPENDS ${dir}/*.h)
  foreach(f ${LAYER_NATIVE} ${LAYER_WEB} ${LAYER_THREADS} ${LAYER_SERIAL})
    list(REMOVE_ITEM sources ${dir}/${f})
  endforeach()
  if(VITPLAY_WEB)
    set(chosen ${LAYER_WEB})
  else()
    set(chosen ${LAYER_NATIVE})
  endif()
  if(VITPLAY_THREADS)
    list(APPEND chosen ${LAYER_THREADS})
  else()
    list(APPEND chosen ${LAYER_SERIAL})
  endif()
  list(TRANSFORM chosen PREPEND ${dir}/ OUTPUT_VARIABLE target_sources)
  add_library(vitplay_${name} STATIC ${sources} ${target_sources})
  target_include_directories(vitplay_${name} PUBLIC ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(vitplay_${name} PUBLIC vitplay_flags)
  foreach(below ${LAYER_BELOW})
    target_link_libraries(vitplay_${name} PUBLIC vitplay_${below})
  endforeach()
  # One translation unit per batch of files: Eigen's headers are compiled a few times per
  # library instead of once per file.
  set_target_properties(vitplay_${name} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 8)

  set(list_file ${CMAKE_BINARY_DIR}/layers/${name}.files)
  set(stamp ${CMAKE_BINARY_DIR}/layers/${name}.checked)
  set(all_files ${sources} ${headers} ${LAYER_NATIVE} ${LAYER_WEB} ${LAYER_THREADS} ${LAYER_SERIAL})
  list(JOIN all_files "\n" lines)
  file(WRITE ${list_file}.new "${lines}\n")
  file(COPY_FILE ${list_file}.new ${list_file} ONLY_IF_DIFFERENT)
  list(JOIN LAYER_BELOW "," below)
  add_custom_command(OUTPUT ${stamp}
    COMMAND ${CMAKE_COMMAND} -DLAYER=${name} -DALLOWED=${name},${below} -DFILES=${list_file}
            -DSTAMP=${stamp} -P ${CMAKE_SOURCE_DIR}/cmake/check_layers.cmake
    DEPENDS ${sources} ${headers} ${list_file} ${CMAKE_SOURCE_DIR}/cmake/check_layers.cmake
    COMMENT "Checking that src/${name} includes only the layers below it")
  add_custom_target(vitplay_${name}_layering DEPENDS ${stamp})
  add_dependencies(vitplay_${name} vitplay_${name}_layering)
endfunction()
