# Browser tests: a Boost.Test executable that starts a server and runs a node script driving
# headless Chromium (Debian's chromium) with Playwright against it.
#   coronet_add_browser_test(NAME SOURCES a.cpp ... SCRIPT steps.mjs [LIBRARIES lib ...] [TIMEOUT seconds])
# The test's main is browser_test.cpp's (it skips or runs the cases) and it runs SCRIPT (given to it as
# CORONET_BROWSER_SCRIPT) with run_browser_script (tests/support/browser_test.hpp); scripts
# share tests/support/browser.mjs. The first browser test to run installs the pinned
# playwright-core with npm into the build directory, shared by all; without node, npm (once)
# or chromium the test exits 77, reported as skipped. Browser tests run one at a time.
include_guard(GLOBAL)

set(CORONET_PLAYWRIGHT_VERSION 1.65.1)

function(coronet_add_browser_test name)
  cmake_parse_arguments(arg "" "SCRIPT;TIMEOUT" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 300)
  endif()
  if(NOT TARGET coronet_browser_test_support)
    find_program(CORONET_NODE node)
    find_program(CORONET_NPM npm)
    find_program(CORONET_CHROMIUM chromium)
    add_library(coronet_browser_test_support STATIC ${PROJECT_SOURCE_DIR}/tests/support/browser_test.cpp)
    target_link_libraries(coronet_browser_test_support PUBLIC coronet_test_support PRIVATE coronet_warnings)
    target_compile_definitions(coronet_browser_test_support PRIVATE
      CORONET_NODE_BIN="${CORONET_NODE}" CORONET_NPM_BIN="${CORONET_NPM}" CORONET_CHROMIUM_BIN="${CORONET_CHROMIUM}"
      CORONET_PLAYWRIGHT_VERSION="${CORONET_PLAYWRIGHT_VERSION}" CORONET_PLAYWRIGHT_DIR="${PROJECT_BINARY_DIR}/playwright")
  endif()
  coronet_add_test(${name} SOURCES ${arg_SOURCES} LIBRARIES ${arg_LIBRARIES} coronet_browser_test_support TIMEOUT ${arg_TIMEOUT} OWN_MAIN)
  get_filename_component(script ${arg_SCRIPT} ABSOLUTE)
  target_compile_definitions(${name} PRIVATE CORONET_BROWSER_SCRIPT="${script}")
  # One at a time: the first installs Playwright for the others, and each runs a browser.
  set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77 RESOURCE_LOCK coronet_browser)
endfunction()
