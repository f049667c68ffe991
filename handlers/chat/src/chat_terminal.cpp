#include <coronet/handlers/chat_terminal.hpp>

#include <fmt/format.h>

#include <coronet/utf8.hpp>

namespace coronet::handlers {

namespace {

// `text` after `prefix` if it starts with it.
std::optional<std::string_view> after(std::string_view text, std::string_view prefix) {
    if (!text.starts_with(prefix)) return std::nullopt;
    return text.substr(prefix.size());
}

std::string describe(std::string_view datagram) {
    if (datagram == "PONG") return {};
    if (auto rest = after(datagram, "FROM ")) return std::string(*rest);
    if (auto name = after(datagram, "WELCOME ")) return fmt::format("* you are {} (/help for commands)", *name);
    if (auto name = after(datagram, "JOINED ")) return fmt::format("* {} joined", *name);
    if (auto rest = after(datagram, "LEFT ")) {
        auto space = rest->find(' ');
        if (space == std::string_view::npos) return fmt::format("* {} left", *rest);
        return fmt::format("* {} left {}", rest->substr(0, space), rest->substr(space + 1));
    }
    if (auto rest = after(datagram, "RENAMED ")) {
        auto space = rest->find(' ');
        if (space != std::string_view::npos)
            return fmt::format("* {} is now {}", rest->substr(0, space), rest->substr(space + 1));
    }
    if (auto names = after(datagram, "MEMBERS ")) return fmt::format("* in the room: {}", *names);
    if (auto reason = after(datagram, "ERROR ")) return fmt::format("! {}", *reason);
    if (datagram == "BYE") return "* you left the room";
    if (auto reason = after(datagram, "BYE ")) return fmt::format("* you are out of the room: {}", *reason);
    return std::string(datagram);   // a message this client does not know: shown as it came
}

}  // namespace

terminal_input read_terminal_line(std::string_view line) {
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) return {};
    if (line.starts_with("//")) return {terminal_input::action::send, fmt::format("SAY {}", line.substr(1))};
    if (line == "/who") return {terminal_input::action::send, "WHO"};
    if (line == "/quit") return {terminal_input::action::quit, {}};
    if (line.starts_with('/')) return {terminal_input::action::help, {}};
    return {terminal_input::action::send, fmt::format("SAY {}", line)};
}

std::string_view terminal_help() {
    return "type a line to say it to the room; /who lists the members, /quit leaves (so does end of input "
           "or Ctrl-C), //text says /text";
}

std::optional<std::string> display_chat_datagram(std::string_view datagram) {
    auto line = describe(datagram);
    if (line.empty()) return std::nullopt;
    return to_printable(line);
}

}  // namespace coronet::handlers
