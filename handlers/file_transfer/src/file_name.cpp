#include <coronet/handlers/file_name.hpp>

#include <fmt/format.h>

#include <coronet/utf8.hpp>

namespace coronet::handlers {
namespace {

// C0 controls and DEL are single bytes; C1 controls (U+0080-U+009F) are 0xC2 0x80-0x9F in UTF-8.
bool has_control_character(std::string_view name) {
    for (std::size_t i = 0; i < name.size(); ++i) {
        auto c = static_cast<unsigned char>(name[i]);
        if (c < 0x20 || c == 0x7f) return true;
        if (c == 0xc2 && i + 1 < name.size() && static_cast<unsigned char>(name[i + 1]) <= 0x9f) return true;
    }
    return false;
}

}  // namespace

std::optional<std::string> file_name_problem(std::string_view name) {
    if (name.empty()) return "the name is empty";
    if (name.size() > max_file_name_bytes) return fmt::format("the name is over {} bytes", max_file_name_bytes);
    if (!is_valid_utf8(name)) return "the name is not valid UTF-8";
    if (name.find('/') != std::string_view::npos || name.find('\\') != std::string_view::npos)
        return "the name is a path: a plain file name has no '/' or '\\'";
    if (has_control_character(name)) return "the name holds a control character";
    if (name.front() == '.') return "the name begins with '.' (\".\", \"..\" and hidden files are not served)";
    if (name.front() == ' ' || name.back() == ' ') return "the name begins or ends with a space";
    return std::nullopt;
}

}  // namespace coronet::handlers
