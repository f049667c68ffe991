#pragma once
// Where a TCP listener binds and how many connections it takes: the part of
// tcp::server_options and http::server_options that the shared accept loop needs.
#include <cstddef>
#include <cstdint>
#include <string>

namespace coronet { class logger; }

namespace coronet::detail {

struct listener_options {
    std::string address;
    std::uint16_t port;
    bool reuse_port;
    int backlog;
    std::size_t max_connections;
    logger* log;
};

template <class Options>
listener_options listener_of(const Options& o) {
    return {o.address, o.port, o.reuse_port, o.backlog, o.max_connections, o.log};
}

}  // namespace coronet::detail
