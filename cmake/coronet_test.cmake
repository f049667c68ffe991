# How every coronet test is built: one Boost.Test executable, linked to the test support
# library (tests/support), run by CTest with a time limit.
#   coronet_add_test(NAME [SOURCES a.cpp ...] [LIBRARIES lib ...] [TIMEOUT seconds])
# SOURCES defaults to NAME.cpp, TIMEOUT to 120.
function(coronet_add_test name)
  cmake_parse_arguments(arg "" "TIMEOUT" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT arg_SOURCES)
    set(arg_SOURCES ${name}.cpp)
  endif()
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 120)
  endif()
  add_executable(${name} ${arg_SOURCES})
  # coronet_test_support is defined in tests/; CMake resolves the name at generation time, so
  # handler modules (added before tests/) can use it.
  target_link_libraries(${name} PRIVATE ${arg_LIBRARIES} coronet_test_support coronet_warnings)
  target_compile_definitions(${name} PRIVATE BOOST_TEST_DYN_LINK)
  add_test(NAME ${name} COMMAND ${name} --log_level=test_suite)
  set_tests_properties(${name} PROPERTIES TIMEOUT ${arg_TIMEOUT})
endfunction()

# Gives the test the real curl as CORONET_CURL_BIN; without curl its curl cases are left out.
function(coronet_test_uses_curl name)
  find_program(CORONET_CURL curl)
  if(CORONET_CURL)
    target_compile_definitions(${name} PRIVATE CORONET_CURL_BIN="${CORONET_CURL}")
  else()
    message(WARNING "curl not found: ${name} runs without its curl cases")
  endif()
endfunction()
