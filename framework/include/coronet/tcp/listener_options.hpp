#pragma once
// Where a TCP listener binds and how many connections it takes.
#include <cstddef>
#include <cstdint>
#include <string>

namespace coronet { class logger; }

namespace coronet::tcp {

struct listener_options {
    std::string address = "127.0.0.1";     // "0.0.0.0", "::" (dual-stack), "::1", ...
    std::uint16_t port = 0;                // 0: the kernel picks a free port; see port()
    bool reuse_port = false;               // SO_REUSEPORT, for several processes on one port
    int backlog = 1024;
    // Beyond this many open connections, a new one is accepted, answered politely (HTTP: 503)
    // and closed, so clients are told no instead of waiting in the backlog.
    std::size_t max_connections = 10'000;
    logger* log = nullptr;                 // nullptr: default_logger()
};

}  // namespace coronet::tcp
