#pragma once
// A responder: the UDP handler that is a plain function from a datagram to its reply.
//   coronet::udp::server echo{rt, {.port = 9000}, [](const coronet::udp::datagram_view& d) {
//       return std::string(d.payload());
//   }};
//
// It runs inside the server's receive loop, between two reads of the socket: no coroutine, no
// task, no copy of the payload (the view points into the loop's own buffer). The server reads
// what the socket holds with recvmmsg until it is empty, calls the responder for each datagram
// and sends its reply at once, without blocking; it waits for the socket only when there is
// nothing to read, or (rarely) when the socket's send buffer is full.
//
// Return the reply's bytes (sent back to the sender, from the server's port), or std::nullopt
// for no reply. An exception is logged (one line per datagram) and means no reply; the server
// goes on. A reply the kernel refuses (say, over 65,507 bytes) is logged and dropped.
//
// Because it runs in the loop, a responder must not block: while it runs, no other datagram
// (nor anything else on the runtime's first context) is served. Work that waits (a timer, a
// database on another machine, a reply in several datagrams) belongs in a coroutine
// `datagram_handler` (server.hpp), which runs beside the loop, up to `max_in_flight` at once.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/ip/udp.hpp>

namespace coronet::udp {

// A received datagram as a responder sees it: views into the server's receive buffer, valid
// only during the call (copy what must outlive it).
class datagram_view {
public:
    using endpoint = boost::asio::ip::udp::endpoint;

    datagram_view(std::string_view payload, const endpoint& sender, std::size_t wire_size)
        : payload_(payload), sender_(&sender), wire_size_(wire_size) {}

    std::string_view payload() const { return payload_; }   // at most max_datagram bytes
    const endpoint& sender() const { return *sender_; }
    std::size_t wire_size() const { return wire_size_; }    // size as sent
    bool truncated() const { return wire_size_ > payload_.size(); }

private:
    std::string_view payload_;
    const endpoint* sender_;
    std::size_t wire_size_;
};

using responder = std::function<std::optional<std::string>(const datagram_view&)>;

}  // namespace coronet::udp
