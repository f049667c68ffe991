#pragma once
// A chat client's two translations, for a person at a terminal (coronet-chat-client):
// a typed line into a datagram of chat_protocol.hpp, and a datagram from the server into a
// line to print.
//   typed "hello"  -> "SAY hello"        server "FROM 小明: 你好" -> "小明: 你好"
//   typed "/who"   -> "WHO"              server "JOINED 小明"     -> "* 小明 joined"
//   typed "/quit"  -> leave              server "ERROR ..."        -> "! ..."
#include <optional>
#include <string>
#include <string_view>

namespace coronet::handlers {

struct terminal_input {
    enum class action { send, quit, help, ignore };
    action what = action::ignore;
    std::string datagram;       // for send
};

// "/who", "/quit", "/help"; another "/word" is help too (a typo is not sent to the room);
// "//text" says "/text"; an empty line does nothing; anything else is said.
terminal_input read_terminal_line(std::string_view line);

// What the commands typed at the terminal are, for /help.
std::string_view terminal_help();

// A datagram from the server as a line to print, or std::nullopt for one not shown (PONG).
// Bytes that could upset a terminal (control characters, invalid UTF-8) are replaced.
std::optional<std::string> display_chat_datagram(std::string_view datagram);

}  // namespace coronet::handlers
