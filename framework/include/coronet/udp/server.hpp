#pragma once
// A UDP service: one socket, one receive loop, and a handler of one of two kinds.
//   - A responder (responder.hpp): a plain function from a datagram to its reply, called in the
//     loop itself. The fast kind, for answers computed at once (a lookup, an echo).
//   - A datagram_handler: a coroutine per datagram, up to max_in_flight at once, for handlers
//     that wait (timers, other services, several replies).
// Either way the loop reads what the socket holds without blocking (recvmmsg, many datagrams a
// call) and waits for it only once it is empty.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/ip/udp.hpp>

#include <coronet/runtime.hpp>
#include <coronet/task.hpp>
#include <coronet/udp/responder.hpp>

namespace coronet { class logger; }

namespace coronet::udp {

using endpoint = boost::asio::ip::udp::endpoint;

struct server_options {
    std::string address = "127.0.0.1";
    std::uint16_t port = 0;                 // 0: a free port; see port()
    bool reuse_port = false;
    bool broadcast = false;                 // SO_BROADCAST, for send_to a broadcast address
    std::size_t max_datagram = 65'507;      // longer datagrams arrive cut, with truncated() set
    // At most this many coroutine handlers run at once; beyond it the server stops reading and
    // the kernel's receive buffer absorbs (then drops) a flood, so memory stays bounded.
    // (A responder is done before the next read: the loop itself is its bound.)
    std::size_t max_in_flight = 1024;
    logger* log = nullptr;                  // nullptr: default_logger()
};

struct socket_state;

class datagram {
public:
    datagram(std::string payload, endpoint sender, std::size_t wire_size,
             std::shared_ptr<socket_state> socket);

    std::string_view payload() const { return payload_; }
    const endpoint& sender() const { return sender_; }
    std::size_t wire_size() const { return wire_size_; }     // size as sent
    bool truncated() const { return wire_size_ > payload_.size(); }

    // Sends a datagram back to the sender, from the server's socket: at once when the socket
    // takes it (the usual case), else when it has room. Throws boost::system::system_error.
    task<void> reply(std::string_view data) const;

private:
    std::string payload_;
    endpoint sender_;
    std::size_t wire_size_;
    std::shared_ptr<socket_state> socket_;
};

using datagram_handler = std::function<task<void>(datagram)>;

class server {
public:
    // Both throw std::invalid_argument for an empty handler, boost::system::system_error if the
    // address cannot be bound.
    server(runtime& rt, server_options options, datagram_handler handler);
    server(runtime& rt, server_options options, responder respond);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    endpoint local_endpoint() const;
    std::uint16_t port() const { return local_endpoint().port(); }
    std::size_t in_flight() const;          // datagrams received and not yet handled (and answered)
    std::size_t received() const;           // datagrams received so far

    // Sends from the server's socket (a broadcast address needs options.broadcast); as reply().
    task<void> send_to(const endpoint& to, std::string_view data);

    struct state;
private:
    std::shared_ptr<state> state_;
};

}  // namespace coronet::udp
