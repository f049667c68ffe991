#pragma once
// Announces services on the segment: sends one announcement (announcement.hpp) to a broadcast
// address now and then every `every`, until the runtime shuts down or the announcer is
// destroyed. Listeners on the segment (announcement_listener.hpp) hear it.
//   coronet::handlers::announcer a{rt, {.to = "192.168.1.255"}, {.host = "box", .services = {...}}};
// The default target, 255.255.255.255, reaches the segment of the route to it (the default
// route); name the segment's own broadcast address to choose one, or 127.255.255.255 to stay
// on this machine.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <coronet/handlers/announcement.hpp>

namespace coronet {
class logger;
class runtime;
}  // namespace coronet

namespace coronet::handlers {

struct announcer_options {
    std::string to = "255.255.255.255";
    std::uint16_t port = default_discovery_port;
    std::chrono::milliseconds every{5000};
    logger* log = nullptr;   // nullptr: default_logger()
};

class announcer {
public:
    // Checks the options and formats the datagram at once (std::invalid_argument if either is
    // bad); sends from the runtime's first context once it runs.
    announcer(runtime& rt, announcer_options options, announcement what);
    ~announcer();
    announcer(const announcer&) = delete;
    announcer& operator=(const announcer&) = delete;

    std::size_t sent() const;   // datagrams the kernel took

    struct state;

private:
    std::shared_ptr<state> state_;
};

}  // namespace coronet::handlers
