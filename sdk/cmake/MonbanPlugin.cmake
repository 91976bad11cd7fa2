# monban_add_plugin(): builds a Monban plugin library and, from the same values, the header its
# descriptor is compiled from and the JSON manifest that lies beside the library.
#
#   monban_add_plugin(<target>
#     ID <id> VERSION <x.y.z> DESCRIPTION <text>
#     SOURCES <files...>
#     [REQUIRES <service@major.minor>...] [PROVIDES <service@major.minor>...]
#     [OUTPUT_DIRECTORY <dir>] [OUTPUT_NAME <file stem>])
#
# The library is <stem>.so and the manifest <stem>.json (the stem defaults to the id), both in
# OUTPUT_DIRECTORY (default: the current binary dir). monban_install_plugin(<target> DESTINATION <dir>) installs both.
include_guard(GLOBAL)



function(_monban_services out_c out_json)
  set(c "")
  set(json "")
  foreach(spec IN LISTS ARGN)
    if(NOT spec MATCHES "^([a-z0-9_.-]+)@([0-9]+)\\.([0-9]+)$")
      message(FATAL_ERROR "monban_add_plugin: service '${spec}' is not name@major.minor")
    endif()
    string(APPEND c "{\"${CMAKE_MATCH_1}\", ${CMAKE_MATCH_2}u, ${CMAKE_MATCH_3}u}, ")
    if(json)
      string(APPEND json ", ")
    endif()
    string(APPEND json "{\"name\": \"${CMAKE_MATCH_1}\", \"major\": ${CMAKE_MATCH_2}, \"minor\": ${CMAKE_MATCH_3}}")
  endforeach()
  set(${out_c} "${c}" PARENT_SCOPE)
  set(${out_json} "[${json}]" PARENT_SCOPE)
endfunction()

function(monban_add_plugin target)
  cmake_parse_arguments(P "" "ID;VERSION;DESCRIPTION;OUTPUT_DIRECTORY;OUTPUT_NAME;ABI_MAJOR;ABI_MINOR"
                        "SOURCES;REQUIRES;PROVIDES" ${ARGN})
  string(LENGTH "${P_ID}" _id_length)
  if(NOT P_ID MATCHES "^[a-z0-9][a-z0-9_-]*$" OR _id_length GREATER 64)
    message(FATAL_ERROR "monban_add_plugin: ID '${P_ID}' must be 1-64 lowercase letters, digits, '-' or '_'")
  endif()
  if(NOT P_VERSION MATCHES "^[0-9]+\\.[0-9]+\\.[0-9]+$")
    message(FATAL_ERROR "monban_add_plugin: VERSION '${P_VERSION}' is not MAJOR.MINOR.PATCH")
  endif()
  if(NOT P_OUTPUT_DIRECTORY)
    set(P_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  if(NOT P_OUTPUT_NAME)
    set(P_OUTPUT_NAME ${P_ID})
  endif()
  set(PLUGIN_FILE ${P_OUTPUT_NAME})
  _monban_services(REQUIRES_C REQUIRES_JSON ${P_REQUIRES})
  _monban_services(PROVIDES_C PROVIDES_JSON ${P_PROVIDES})
  string(REPLACE "\"" "\\\"" DESCRIPTION_C "${P_DESCRIPTION}")
  set(PLUGIN_ID ${P_ID})
  set(PLUGIN_VERSION ${P_VERSION})
  set(PLUGIN_DESCRIPTION "${P_DESCRIPTION}")

  set(gen ${CMAKE_CURRENT_BINARY_DIR}/${target}_manifest)
  configure_file(${CMAKE_CURRENT_FUNCTION_LIST_DIR}/plugin_manifest.h.in ${gen}/monban_plugin_manifest.h @ONLY)

  add_library(${target} MODULE ${P_SOURCES})
  target_include_directories(${target} PRIVATE ${gen})
  target_link_libraries(${target} PRIVATE MonbanSDK::sdk)
  set_target_properties(${target} PROPERTIES
    PREFIX "" SUFFIX ".so" OUTPUT_NAME ${P_OUTPUT_NAME}
    LIBRARY_OUTPUT_DIRECTORY ${P_OUTPUT_DIRECTORY}
    CXX_VISIBILITY_PRESET hidden C_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    CXX_STANDARD 20 CXX_STANDARD_REQUIRED ON)
  # Plugins reach the host only through the function table: refuse undefined symbols at link
  # time, export the descriptor alone, and keep GNU unique symbols from pinning the library.
  target_link_options(${target} PRIVATE -Wl,-z,defs -Wl,--version-script=${CMAKE_CURRENT_FUNCTION_LIST_DIR}/plugin.map)
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/plugin.map)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -fno-gnu-unique)
  endif()

  # ABI_MAJOR / ABI_MINOR override the manifest's ABI; only the host's own tests of version
  # refusal use them.
  set(ABI_MAJOR_JSON "${MonbanSDK_ABI_MAJOR}")
  set(ABI_MINOR_JSON "${MonbanSDK_ABI_MINOR}")
  if(DEFINED P_ABI_MAJOR)
    set(ABI_MAJOR_JSON "${P_ABI_MAJOR}")
  endif()
  if(DEFINED P_ABI_MINOR)
    set(ABI_MINOR_JSON "${P_ABI_MINOR}")
  endif()
  configure_file(${CMAKE_CURRENT_FUNCTION_LIST_DIR}/plugin.json.in ${P_OUTPUT_DIRECTORY}/${P_OUTPUT_NAME}.json @ONLY)
  set_target_properties(${target} PROPERTIES MONBAN_MANIFEST ${P_OUTPUT_DIRECTORY}/${P_OUTPUT_NAME}.json)
endfunction()

function(monban_install_plugin target)
  cmake_parse_arguments(P "" "DESTINATION" "" ${ARGN})
  get_target_property(manifest ${target} MONBAN_MANIFEST)
  install(TARGETS ${target} LIBRARY DESTINATION ${P_DESTINATION})
  install(FILES ${manifest} DESTINATION ${P_DESTINATION})
endfunction()
