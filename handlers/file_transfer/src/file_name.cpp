#include <coronet/handlers/file_name.hpp>

#include <fmt/format.h>

#include <coronet/utf8.hpp>

namespace coronet::handlers {
std::optional<std::string> file_name_problem(std::string_view name) {
    if (name.empty()) return "the name is empty";
    if (name.size() > max_file_name_bytes) return fmt::format("the name is over {} bytes", max_file_name_bytes);
    if (!is_valid_utf8(name)) return "the name is not valid UTF-8";
    if (name.find('/') != std::string_view::npos || name.find('\\') != std::string_view::npos)
        return "the name is a path: a plain file name has no '/' or '\\'";
    if (has_control_characters(name)) return "the name holds a control character";
    if (name.front() == '.') return "the name begins with '.' (\".\", \"..\" and hidden files are not served)";
    if (name.front() == ' ' || name.back() == ' ') return "the name begins or ends with a space";
    return std::nullopt;
}

}  // namespace coronet::handlers
