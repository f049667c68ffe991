#pragma once
// --announce and its settings, shared by the apps that can announce their services on the LAN
// segment (handlers/discovery): the flags, and the announcer they ask for.
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <utility>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <boost/asio/ip/address.hpp>

#include <coronet/handlers/announcer.hpp>
#include <coronet/log.hpp>
#include <coronet/net/netinfo.hpp>
#include <coronet/runtime.hpp>

namespace coronet_apps {

struct announce_flags {
    bool enabled = false;
    std::string to = "255.255.255.255";
    std::uint16_t port = coronet::handlers::default_discovery_port;
    double every_seconds = 5;
    std::string name;

    void add_to(boost::program_options::options_description& flags, const std::string& default_name) {
        namespace po = boost::program_options;
        flags.add_options()
            ("announce", po::bool_switch(&enabled), "announce the services by UDP broadcast (see coronet-broadcast discover)")
            ("announce-to", po::value(&to)->default_value(to), "the broadcast address (the segment's; 127.255.255.255: this machine only)")
            ("announce-port", po::value(&port)->default_value(port), "the discovery port")
            ("announce-every", po::value(&every_seconds)->default_value(every_seconds), "seconds between announcements")
            ("announce-name", po::value(&name)->default_value(default_name), "the name to announce the services under");
    }

    // The announcer when --announce is given (else null), for `services` given as
    // (protocol, port) pairs, listening on `bind`. Throws std::invalid_argument for a bad setting.
    std::unique_ptr<coronet::handlers::announcer> start(coronet::runtime& rt, const std::string& bind,
                                                        const std::vector<std::pair<std::string, std::uint16_t>>& services) const {
        if (!enabled) return nullptr;
        if (!(every_seconds > 0 && every_seconds <= 3600))
            throw std::invalid_argument("--announce-every: more than 0 and at most 3600 seconds");
        boost::system::error_code ec;
        auto address = boost::asio::ip::make_address(bind, ec);
        if (!ec && address.is_loopback() && !to.starts_with("127."))
            coronet::default_logger().warn("announcing services bound to {}: the hosts that hear it cannot connect "
                                           "(--bind 0.0.0.0 serves them)", bind);
        coronet::default_logger().info("announcing {} service(s) as {} to {}:{} every {} s", services.size(), name, to,
                                       port, every_seconds);
        coronet::handlers::announcement what{coronet::net::host_name(), {}};
        for (const auto& [protocol, port] : services) what.services.push_back({name, protocol, port});
        auto every = std::chrono::milliseconds(static_cast<long long>(every_seconds * 1000));
        return std::make_unique<coronet::handlers::announcer>(rt, coronet::handlers::announcer_options{.to = to, .port = port, .every = every},
                                                              std::move(what));
    }
};

}  // namespace coronet_apps
