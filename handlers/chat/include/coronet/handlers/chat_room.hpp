#pragma once
// The chat room itself, without sockets: its members (by address and by name, with the time
// each was last heard from) and the rules of chat_protocol.hpp. Each call says which datagrams
// to send; chat_server.hpp sends them over UDP, a test just looks at them.
//   chat_room room{{.timeout = 30s}};
//   auto out = room.receive("JOIN 小明", wire_size, sender, clock::now());
//   // out: {sender, "WELCOME 小明"}, {each other member, "JOINED 小明"}
// Not thread-safe: one caller at a time.
#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/udp.hpp>

namespace coronet { class logger; }

namespace coronet::handlers {

struct chat_options {
    std::size_t max_members = 100;          // a JOIN beyond it gets "ERROR room full ..."
    std::size_t max_name_bytes = 32;
    std::size_t max_message_bytes = 1024;   // of SAY's text; a longer one is refused, not relayed
    std::chrono::milliseconds timeout{30'000};   // silence after which a member is removed
    logger* log = nullptr;                  // nullptr: default_logger()
};

// One datagram to send.
struct chat_delivery {
    boost::asio::ip::udp::endpoint to;
    std::string text;
    bool operator==(const chat_delivery&) const = default;
};

class chat_room {
public:
    using clock = std::chrono::steady_clock;
    using endpoint = boost::asio::ip::udp::endpoint;

    explicit chat_room(chat_options options = {});

    // What one datagram from `from` causes. `wire_size` is its size as sent (more than
    // datagram.size() when it arrived cut).
    std::vector<chat_delivery> receive(std::string_view datagram, std::size_t wire_size, const endpoint& from,
                                       clock::time_point now);
    // Removes the members not heard from for longer than the timeout, and tells the room.
    std::vector<chat_delivery> sweep(clock::time_point now);
    // Empties the room, telling every member ("BYE server shutting down").
    std::vector<chat_delivery> close();

    std::size_t size() const { return members_.size(); }
    std::vector<std::string> names() const;     // in name order
    const chat_options& options() const { return options_; }

private:
    struct member {
        std::string name;
        clock::time_point last_heard;
    };
    using deliveries = std::vector<chat_delivery>;

    deliveries join(std::string_view name, const endpoint& from, clock::time_point now);
    deliveries say(const member& speaker, std::string_view text, std::size_t wire_bytes, const endpoint& from);
    deliveries leave(const endpoint& from, std::string_view reason);
    // `text` to every member but `except`.
    void tell_others(deliveries& out, const endpoint& except, const std::string& text) const;
    void warn_once(bool& told, std::string_view what);

    chat_options options_;
    logger& log_;
    std::map<endpoint, member> members_;
    std::map<std::string, endpoint> by_name_;   // keyed by the name in ASCII lower case
    bool told_full_ = false;
    bool told_too_long_ = false;
};

}  // namespace coronet::handlers
