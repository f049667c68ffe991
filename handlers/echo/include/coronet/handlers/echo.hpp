#pragma once
// Echo over TCP, as the connection handler of a coronet::tcp::server (the seeds' "multi-task"
// server, with a coroutine per client instead of a thread): what a client sends comes back
// unchanged. Three ways to tell where a message ends (tcp/framing.hpp):
//
//   raw     no messages: the bytes of each read are written back as they came, binary included
//   lines   "line\n" (a "\r" before the "\n" is dropped), answered "line\n"; lines that arrived
//           together are answered in one write
//   frames  a 4-byte big-endian length, then that many bytes; answered with the same frame
//
//   coronet::tcp::server echo{rt, {.port = 9002},
//                             coronet::handlers::echo_handler({.mode = coronet::handlers::echo_mode::lines})};
//
// Errors, each answered and logged once, then the connection is closed (the framing is lost):
// a line over `max_line_bytes`, a frame over `max_frame_bytes`, a stream that ends inside a
// line or frame. The answer is "error: ..." as a line (lines, raw never has one) or as a frame
// (frames). The rest of what the client sent is read and dropped (up to a bound) before the
// close, so the kernel does not reset the connection under the client's feet before it has
// read the answer.
//
// Each client arriving and leaving is logged at info level with the number of clients still
// connected to this handler, and with why it left (the client closed, a reset, a limit, ...):
//   echo lines: 127.0.0.1:50312 connected (3 connected)
//   echo lines: 127.0.0.1:50312 left: closed by the client; 2 messages, 12 bytes echoed (2 connected)
// The idle timeout and the connection limit are the tcp::server's options.
#include <cstddef>
#include <optional>
#include <string_view>

#include <coronet/tcp/server.hpp>

namespace coronet { class logger; }

namespace coronet::handlers {

enum class echo_mode { raw, lines, frames };

std::string_view to_string(echo_mode mode);
// "raw", "lines" or "frames"; std::nullopt for anything else.
std::optional<echo_mode> parse_echo_mode(std::string_view text);

struct echo_options {
    echo_mode mode = echo_mode::raw;
    std::size_t max_line_bytes = 64 * 1024;        // lines: a longer line is an error
    std::size_t max_frame_bytes = 1024 * 1024;     // frames: a longer payload is an error
    logger* log = nullptr;                         // nullptr: default_logger()
};

// Throws std::invalid_argument for a limit of 0.
tcp::connection_handler echo_handler(echo_options options = {});

}  // namespace coronet::handlers
