#pragma once
// The HTTP/1.1 server: keep-alive, pipelining, chunked bodies, 100-continue, deadlines,
// and every limit answered with its status.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/ip/tcp.hpp>

#include <coronet/http/router.hpp>
#include <coronet/runtime.hpp>

namespace coronet { class logger; }

namespace coronet::http {

struct server_options {
    std::string address = "127.0.0.1";     // "0.0.0.0", "::" (dual-stack), "::1", ...
    std::uint16_t port = 8080;             // 0: the kernel picks a free port; see port()
    bool reuse_port = false;               // SO_REUSEPORT, for several processes on one port
    int backlog = 1024;
    // Beyond this many open connections a new one is accepted, answered 503 and closed,
    // so clients are told no instead of waiting in the backlog.
    std::size_t max_connections = 10'000;
    std::size_t max_header_bytes = 16 * 1024;       // request line + headers: 431
    std::size_t max_target_bytes = 8 * 1024;        // request target: 414
    std::size_t max_body_bytes = 1024 * 1024;       // body, after de-chunking: 413
    std::chrono::milliseconds header_timeout{10'000};   // T1, from the first byte: 408
    std::chrono::milliseconds body_timeout{30'000};     // T2, the whole body: 408
    std::chrono::milliseconds idle_timeout{15'000};     // T3, keep-alive between requests: closed
    std::chrono::milliseconds write_timeout{30'000};    // no byte taken by the client this long: closed (logged)
    std::string server_name = "coronet";                // the Server header
    bool access_log = true;                             // a line per request at info level
    logger* log = nullptr;                              // nullptr: default_logger()
};

class server {
public:
    // Binds at once (so port() is known) and serves once the runtime runs.
    server(runtime& rt, server_options options, router routes);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    boost::asio::ip::tcp::endpoint local_endpoint() const;
    std::uint16_t port() const { return local_endpoint().port(); }
    std::size_t connections() const;

    struct state;
private:
    std::shared_ptr<state> state_;
};

}  // namespace coronet::http
