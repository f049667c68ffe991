#pragma once
// Hears announcements (announcement.hpp) for a while: what `coronet-broadcast discover` runs.
//   coronet::handlers::announcement_listener ears{{}};            // 0.0.0.0:9999
//   for (auto& h : ears.listen(3s)) print(h.from, h.what.services);
// Binds with SO_REUSEADDR and SO_REUSEPORT, so several listeners (and processes) on one host
// all hear every broadcast. A blocking call: for command-line tools and tests, not for a
// server's coroutines.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/ip/udp.hpp>

#include <coronet/handlers/announcement.hpp>

namespace coronet::handlers {

struct listener_options {
    std::string address = "0.0.0.0";   // a broadcast reaches only sockets bound to it or to any
    std::uint16_t port = default_discovery_port;   // 0: a free port (tests); see port()
};

struct heard_announcement {
    boost::asio::ip::udp::endpoint from;
    announcement what;
};

class announcement_listener {
public:
    explicit announcement_listener(listener_options options);   // binds at once; throws system_error
    ~announcement_listener();
    announcement_listener(const announcement_listener&) = delete;
    announcement_listener& operator=(const announcement_listener&) = delete;

    std::uint16_t port() const;

    // Collects announcements for up to `window`, one entry per sender and announcement
    // (repeats are dropped), in the order first heard; returns early once `enough` says so.
    std::vector<heard_announcement> listen(std::chrono::milliseconds window,
                                           const std::function<bool(const std::vector<heard_announcement>&)>& enough = {});
    // Datagrams heard that were not announcements, since construction.
    std::size_t ignored() const { return ignored_; }

private:
    struct impl;
    std::unique_ptr<impl> impl_;
    std::size_t ignored_ = 0;
};

}  // namespace coronet::handlers
