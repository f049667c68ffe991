#include <coronet/handlers/chat_protocol.hpp>

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

#include <coronet/utf8.hpp>

namespace coronet::handlers {

namespace {

bool same_letters(std::string_view word, std::string_view upper) {
    return word.size() == upper.size() && std::equal(word.begin(), word.end(), upper.begin(), [](char a, char b) {
               return (a >= 'a' && a <= 'z' ? static_cast<char>(a - 'a' + 'A') : a) == b;
           });
}

}  // namespace

chat_command parse_chat_command(std::string_view datagram) {
    if (datagram.ends_with('\n')) datagram.remove_suffix(1);
    if (datagram.ends_with('\r')) datagram.remove_suffix(1);
    auto space = datagram.find(' ');
    auto word = datagram.substr(0, space);
    chat_command command;
    if (space != std::string_view::npos) command.argument = datagram.substr(space + 1);
    static constexpr std::array<std::pair<std::string_view, chat_verb>, 5> verbs{{
        {"JOIN", chat_verb::join},
        {"SAY", chat_verb::say},
        {"PING", chat_verb::ping},
        {"WHO", chat_verb::who},
        {"LEAVE", chat_verb::leave},
    }};
    for (auto [name, verb] : verbs)
        if (same_letters(word, name)) command.verb = verb;
    return command;
}

std::optional<std::string> chat_name_problem(std::string_view name, std::size_t max_bytes) {
    if (name.empty()) return "a name is needed: JOIN name";
    if (name.size() > max_bytes) return fmt::format("name over {} bytes", max_bytes);
    if (!is_valid_utf8(name)) return "name is not valid UTF-8";
    if (name.find_first_of(" ,:") != std::string_view::npos || has_control_characters(name))
        return "a name has no spaces, commas, colons or control characters";
    return std::nullopt;
}

std::optional<std::string> chat_text_problem(std::string_view text, std::size_t wire_bytes, std::size_t max_bytes) {
    if (std::max(text.size(), wire_bytes) > max_bytes) return fmt::format("message over {} bytes", max_bytes);
    if (text.empty()) return "empty message: SAY text";
    if (!is_valid_utf8(text)) return "message is not valid UTF-8";
    if (has_control_characters(text, "\t"))
        return "a message is one line without control characters";
    return std::nullopt;
}

}  // namespace coronet::handlers
