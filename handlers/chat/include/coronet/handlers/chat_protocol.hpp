#pragma once
// The chat room's protocol: UTF-8 text, one command per UDP datagram, one line each.
// (handlers/chat/README.md has the same with examples.)
//
// Client -> server. The first word is the command (any letter case), then one space and its
// argument; a final "\n" or "\r\n" (as `nc -u` sends) is ignored.
//   JOIN name     enter the room under `name`; again from the same address: a new name
//   SAY text      relay `text` to every other member (the sender gets no echo)
//   PING          heartbeat: "still here" (a client sends one every 10 s)
//   WHO           ask who is in the room
//   LEAVE         leave the room
// Server -> client:
//   WELCOME name           you are in (the answer to JOIN; a repeated JOIN gets it again)
//   JOINED name            someone came in
//   FROM name: text        someone said `text`
//   RENAMED old new        a member joined again under a new name
//   LEFT name              someone left; "LEFT name (timed out)": their heartbeats stopped
//   MEMBERS a, b, c        the answer to WHO, in name order
//   PONG                   the answer to PING
//   BYE                    you are out (the answer to LEAVE); "BYE timed out" when your
//                          heartbeats stopped, "BYE server shutting down" when it stops
//   ERROR reason           the command was refused, nothing else happened
//
// Rules. Any datagram from a member counts as a heartbeat. A member not heard from for the
// timeout (30 s by default) is removed and the room told. Names: 1 to 32 bytes of UTF-8,
// without spaces, commas, colons or control characters (they separate the fields above),
// unique regardless of ASCII letter case. A message: 1 to 1024 bytes of UTF-8 on one line,
// without control characters other than tab (what is relayed lands on other people's
// terminals). Every command but JOIN needs the sender to be a member.
#include <optional>
#include <string>
#include <string_view>

namespace coronet::handlers {

enum class chat_verb { join, say, ping, who, leave, unknown };

struct chat_command {
    chat_verb verb = chat_verb::unknown;
    std::string_view argument;      // after the command word and one space; may be empty
};

// Splits a datagram into its command and argument (views into `datagram`).
chat_command parse_chat_command(std::string_view datagram);

// Why `name` cannot be a member's name (the text after "ERROR "), or std::nullopt if it can.
std::optional<std::string> chat_name_problem(std::string_view name, std::size_t max_bytes);

// Why `text` cannot be relayed, or std::nullopt if it can. `wire_bytes` is its size as sent,
// more than text.size() when the datagram arrived cut.
std::optional<std::string> chat_text_problem(std::string_view text, std::size_t wire_bytes, std::size_t max_bytes);

}  // namespace coronet::handlers
