# Builds web_assets/ (TypeScript, Vite) into web-ui/ next to the plugin library when npm is
# present. The packages come from package-lock.json; it reruns only when that file changes.
# `npm install --no-save` rather than `npm ci`: newer npm's `ci` refuses a lock file that lacks
# optional packages of other platforms (rollup's), which registries limited to one platform
# leave out; `install --no-save` takes the same locked versions and never rewrites the lock.
option(MONBAN_BUILD_WEB_UI "Build the web UI with npm (needs npm and the npm registry)" ON)
find_program(MONBAN_NPM npm)
set(MONBAN_WEB_UI_DIR ${MONBAN_PLUGIN_OUTPUT_DIR}/web-ui)
set(_ui_root ${PROJECT_SOURCE_DIR}/web_assets)

if(MONBAN_BUILD_WEB_UI AND MONBAN_NPM AND EXISTS ${_ui_root}/package-lock.json)
  file(GLOB_RECURSE _ui_sources CONFIGURE_DEPENDS ${_ui_root}/src/* ${_ui_root}/public/*)
  set(_installed ${CMAKE_CURRENT_BINARY_DIR}/npm-ci.stamp)
  add_custom_command(
    OUTPUT ${_installed}
    COMMAND ${MONBAN_NPM} install --no-save --no-audit --no-fund --loglevel=error
    COMMAND ${CMAKE_COMMAND} -E touch ${_installed}
    WORKING_DIRECTORY ${_ui_root}
    DEPENDS ${_ui_root}/package-lock.json ${_ui_root}/package.json
    COMMENT "Installing the web UI's npm packages"
    VERBATIM)
  add_custom_command(
    OUTPUT ${MONBAN_WEB_UI_DIR}/index.html
    COMMAND ${MONBAN_NPM} run build --silent -- --outDir ${MONBAN_WEB_UI_DIR} --emptyOutDir
    WORKING_DIRECTORY ${_ui_root}
    DEPENDS ${_installed} ${_ui_sources} ${_ui_root}/index.html ${_ui_root}/vite.config.ts ${_ui_root}/tsconfig.json
            ${_ui_root}/tsconfig.node.json
    COMMENT "Building the web UI"
    VERBATIM)
  add_custom_target(monban_web_ui ALL DEPENDS ${MONBAN_WEB_UI_DIR}/index.html)
  install(DIRECTORY ${MONBAN_WEB_UI_DIR}/ DESTINATION ${CMAKE_INSTALL_LIBDIR}/monban/plugins/web-ui)
else()
  message(STATUS "web UI not built (MONBAN_BUILD_WEB_UI=${MONBAN_BUILD_WEB_UI}, npm: ${MONBAN_NPM})")
endif()
