# How every handler module is built: a static library coronet_NAME (alias coronet::NAME) with
# its public headers in include/ and its private sources and headers in src/, on the framework.
#   coronet_add_module(NAME SOURCES src/a.cpp ... [PUBLIC lib ...] [PRIVATE lib ...])
# Each module is installed and exported by handlers/CMakeLists.txt (find_package gives
# coronet::NAME).
function(coronet_add_module name)
  cmake_parse_arguments(arg "" "" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  add_library(coronet_${name} ${arg_SOURCES})
  add_library(coronet::${name} ALIAS coronet_${name})
  target_include_directories(coronet_${name}
    PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:include>
    PRIVATE src)
  target_link_libraries(coronet_${name}
    PUBLIC coronet::coronet ${arg_PUBLIC}
    PRIVATE ${arg_PRIVATE} $<BUILD_INTERFACE:coronet_warnings>)
  set_property(GLOBAL APPEND PROPERTY CORONET_MODULES ${name})
endfunction()
