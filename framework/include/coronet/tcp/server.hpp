#pragma once
// A TCP service: bind, accept, and run one coroutine per connection.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <coronet/runtime.hpp>
#include <coronet/task.hpp>
#include <coronet/tcp/connection.hpp>

namespace coronet { class logger; }

namespace coronet::tcp {

struct server_options {
    std::string address = "127.0.0.1";     // "0.0.0.0", "::" (dual-stack), "::1", ...
    std::uint16_t port = 0;                // 0: the kernel picks a free port; see port()
    bool reuse_port = false;               // SO_REUSEPORT, for several processes on one port
    int backlog = 1024;
    // Beyond this many open connections a new one is accepted and closed at once, so
    // clients are told no instead of waiting in the backlog.
    std::size_t max_connections = 10'000;
    std::chrono::milliseconds idle_timeout{60'000};   // no byte in either direction: closed
    logger* log = nullptr;                            // nullptr: default_logger()
};

// Runs once per connection; when it returns (or throws) the connection is closed.
using connection_handler = std::function<task<void>(connection&)>;

class server {
public:
    // Binds at once (so port() is known) and accepts once the runtime runs.
    server(runtime& rt, server_options options, connection_handler handler);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    tcp::endpoint local_endpoint() const;
    std::uint16_t port() const { return local_endpoint().port(); }
    std::size_t connections() const;

    struct state;
private:
    std::shared_ptr<state> state_;
};

}  // namespace coronet::tcp
