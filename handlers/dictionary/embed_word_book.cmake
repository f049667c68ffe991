# Writes OUTPUT, a C++ file defining coronet::handlers::sample_word_book() over the bytes of INPUT.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
# Wrap the long initializer into lines of 24 bytes (keeps the file readable for tools).
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){24})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT} by embed_word_book.cmake; do not edit.
#include <coronet/handlers/sample_word_book.hpp>

namespace coronet::handlers {
namespace {
constexpr unsigned char bytes[${size}] = {
${bytes}
};
}  // namespace

std::string_view sample_word_book() { return {reinterpret_cast<const char*>(bytes), sizeof bytes}; }

}  // namespace coronet::handlers
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
