# How every coronet test is built: one Boost.Test executable, linked to the test support
# library (tests/support) and reusing its precompiled header, run by CTest with a time limit.
#   coronet_add_test(NAME [SOURCES a.cpp ...] [LIBRARIES lib ...] [TIMEOUT seconds] [OWN_MAIN])
# SOURCES defaults to NAME.cpp, TIMEOUT to 120. The test's main is the shared one
# (tests/support/test_main.cpp) unless OWN_MAIN: then it calls run_test_module itself.
function(coronet_add_test name)
  cmake_parse_arguments(arg "OWN_MAIN" "TIMEOUT" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT arg_SOURCES)
    set(arg_SOURCES ${name}.cpp)
  endif()
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 120)
  endif()
  add_executable(${name} ${arg_SOURCES})
  # coronet_test_support and coronet_test_main come from tests/support, added before the
  # handler modules: reusing a precompiled header needs its target to exist already.
  target_link_libraries(${name} PRIVATE ${arg_LIBRARIES} coronet_test_support coronet_warnings)
  if(NOT arg_OWN_MAIN)
    target_link_libraries(${name} PRIVATE coronet_test_main)
  endif()
  target_precompile_headers(${name} REUSE_FROM coronet_test_support)
  add_test(NAME ${name} COMMAND ${name} --log_level=test_suite)
  set_tests_properties(${name} PROPERTIES TIMEOUT ${arg_TIMEOUT})
endfunction()

# Gives test NAME the real client PROGRAM (found on PATH) as the compile definition DEFINE,
# a string literal of its path; without it, the test's cases that need it are left out (the
# test says so), and configuring warns once.
#   coronet_test_uses_program(dict_protocol_test dict CORONET_DICT_CLIENT_BIN)
function(coronet_test_uses_program name program define)
  string(MAKE_C_IDENTIFIER "CORONET_PROGRAM_${program}" cache_var)
  find_program(${cache_var} ${program})
  if(${cache_var})
    target_compile_definitions(${name} PRIVATE ${define}="${${cache_var}}")
  else()
    message(WARNING "${program} not found: ${name} runs without the cases that need it")
  endif()
endfunction()

function(coronet_test_uses_curl name)
  coronet_test_uses_program(${name} curl CORONET_CURL_BIN)
endfunction()

# Marks tests as multi-threaded (servers under concurrent clients, a store read and written at
# once): CTest label `threads`, built by the target coronet_threaded_tests. The ThreadSanitizer
# build (scripts/sanitize.sh tsan) builds and runs only these.
#   coronet_threaded_tests(http_server_test runtime_test ...)
add_custom_target(coronet_threaded_tests)
function(coronet_threaded_tests)
  foreach(name ${ARGN})
    set_property(TEST ${name} APPEND PROPERTY LABELS threads)
    add_dependencies(coronet_threaded_tests ${name})
  endforeach()
endfunction()
