#pragma once
// The chat room (chat_room.hpp) served over UDP, the protocol of chat_protocol.hpp:
//   coronet::handlers::chat_server chat{rt, {.address = "127.0.0.1", .port = 9003}, {.timeout = 30s}};
//   std::cout << "udp listening on 127.0.0.1:" << chat.port() << "\n";
//   rt.run();
//
// One udp::server (a coroutine handler per datagram: a message is relayed to every member with
// send_to from the server's port) and a sweep on a timer, every quarter of the timeout, that
// removes the members whose heartbeats stopped: one is gone between 1 and 1.25 timeouts after
// it was last heard from. On the runtime's shutdown every member is told "BYE server shutting
// down" before the runtime stops. A datagram that cannot be sent (the kernel refuses it) is
// logged and the others still go.
#include <cstdint>
#include <memory>

#include <coronet/handlers/chat_room.hpp>
#include <coronet/runtime.hpp>
#include <coronet/udp/server.hpp>

namespace coronet::handlers {

class chat_server {
public:
    // Throws boost::system::system_error if the address cannot be bound. udp.max_datagram is
    // set from chat.max_message_bytes (a longer datagram is refused whole, by its size as sent).
    chat_server(runtime& rt, udp::server_options udp, chat_options chat = {});
    ~chat_server();
    chat_server(const chat_server&) = delete;
    chat_server& operator=(const chat_server&) = delete;

    udp::endpoint local_endpoint() const;
    std::uint16_t port() const { return local_endpoint().port(); }

    struct state;
private:
    std::shared_ptr<state> state_;
};

}  // namespace coronet::handlers
