// coronet-broadcast: UDP broadcast, one sender and every receiver on the segment (seed 002, 三),
// and the service discovery built on it.
//   coronet-broadcast send MESSAGE [--to ADDR] [--port N] [--count N] [--interval S]
//   coronet-broadcast listen [--bind ADDR] [--port N] [--for S] [--count N]
//   coronet-broadcast discover [--bind ADDR] [--port N] [--for S]
// listen prints "from ADDR:PORT: MESSAGE" for each datagram; discover prints one line per
// announced service, "ADDRESS HOST NAME PROTOCOL PORT" (tab-separated), and exits 1 if it heard
// none. Exit status 2: a usage error.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <coronet/handlers/announcement_listener.hpp>
#include <coronet/log.hpp>
#include <coronet/runtime.hpp>
#include <coronet/udp/server.hpp>
#include <coronet/utf8.hpp>

#include "app_flags.hpp"

namespace po = boost::program_options;
namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

constexpr std::uint16_t default_broadcast_port = 9005;

struct settings {
    std::string command, message, to, bind;
    std::uint16_t port = 0;
    unsigned threads = 1;
    std::size_t count = 0;
    double interval = 1, seconds = 0;
};

std::chrono::milliseconds to_ms(double seconds) { return std::chrono::milliseconds(static_cast<long long>(seconds * 1000)); }

int send(const settings& s) {
    asio::io_context ctx;
    asio::ip::udp::socket socket(ctx, asio::ip::udp::v4());
    socket.set_option(asio::socket_base::broadcast(true));   // without it, sendto a broadcast address is EACCES
    asio::ip::udp::endpoint target(asio::ip::make_address_v4(s.to), s.port);
    for (std::size_t i = 0; i < s.count; ++i) {
        if (i > 0) std::this_thread::sleep_for(to_ms(s.interval));   // the pace between sends, not a wait for a condition
        boost::system::error_code ec;
        socket.send_to(asio::buffer(s.message), target, 0, ec);
        if (ec) {
            fmt::print(stderr, "coronet-broadcast: sending to {}:{}: {}\n", s.to, s.port, ec.message());
            return 1;
        }
        fmt::print("sent {} bytes to {}:{}\n", s.message.size(), s.to, s.port);
    }
    return 0;
}

int listen(const settings& s) {
    coronet::runtime rt{{.threads = s.threads}};
    std::atomic<std::size_t> heard{0};
    // reuse_port: every listener bound to the port on this host hears each broadcast.
    coronet::udp::server ears{rt, {.address = s.bind, .port = s.port, .reuse_port = true},
                              [&](const coronet::udp::datagram_view& d) -> std::optional<std::string> {
                                  // What anyone on the segment sent: made safe to print.
                                  fmt::print("from {}:{}: {}\n", d.sender().address().to_string(), d.sender().port(),
                                             coronet::to_printable(d.payload()));
                                  std::fflush(stdout);
                                  if (s.count && heard.fetch_add(1) + 1 == s.count) rt.shutdown();
                                  return std::nullopt;
                              }};
    asio::steady_timer window(rt.context(0));
    if (s.seconds > 0) {
        window.expires_after(to_ms(s.seconds));
        window.async_wait([&](boost::system::error_code ec) {
            if (!ec) rt.shutdown();
        });
    }
    fmt::print("udp listening on {}:{}\n", s.bind, ears.port());
    std::fflush(stdout);
    rt.run();
    return 0;
}

int discover(const settings& s) {
    coronet::handlers::announcement_listener ears({.address = s.bind, .port = s.port});
    fmt::print(stderr, "listening for announcements on {}:{} for {} s\n", s.bind, ears.port(), s.seconds);
    auto heard = ears.listen(to_ms(s.seconds));
    for (const auto& h : heard)
        for (const auto& service : h.what.services)
            fmt::print("{}\t{}\t{}\t{}\t{}\n", h.from.address().to_string(), h.what.host, service.name, service.protocol, service.port);
    return heard.empty() ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    settings s;
    std::string level, log_file;
    po::options_description flags(
        "coronet-broadcast: UDP broadcast and service discovery.\n"
        "  coronet-broadcast send MESSAGE    broadcast MESSAGE (--to, --port, --count, --interval)\n"
        "  coronet-broadcast listen          print each datagram heard (--bind, --port, --for, --count)\n"
        "  coronet-broadcast discover        list the services announced (--announce of the apps) within --for seconds\n"
        "Options");
    flags.add_options()
        ("help", "show this help")
        ("to", po::value(&s.to)->default_value("255.255.255.255"), "send: the broadcast address (the segment's, e.g. 192.168.1.255; 127.255.255.255 stays on this machine)")
        ("bind", po::value(&s.bind)->default_value("0.0.0.0"), "listen/discover: the address to listen on (a broadcast reaches 0.0.0.0)")
        ("port", po::value(&s.port), "the port (default: 9005 for send and listen, 9999 for discover; listen --port 0: a free one)")
        ("count", po::value(&s.count), "send: datagrams to send (1); listen: stop after this many (0: never)")
        ("interval", po::value(&s.interval)->default_value(1), "send: seconds between datagrams")
        ("for", po::value(&s.seconds), "listen: stop after this many seconds (0: never); discover: seconds to listen (3)")
        ("threads", po::value(&s.threads)->default_value(1), "listen: threads of the runtime")
        ("log-level", po::value(&level)->default_value("info"), "trace, debug, info, warn, error or off")
        ("log-file", po::value(&log_file), "append the log to this file instead of stderr");
    po::variables_map vm;
    std::vector<std::string> words;
    if (auto status = coronet_apps::parse_command_line(argc, argv, flags, s.command, words, vm)) return *status;
    if (words.size() > 1) {
        std::cerr << "one message at a time (quote it if it has spaces)\n";
        return 2;
    }
    bool has_message = words.size() == 1;
    if (has_message) s.message = words[0];
    if (!coronet_apps::configure_logging(level, log_file)) return 2;
    bool discovering = s.command == "discover";
    if (!vm.count("port")) s.port = discovering ? coronet::handlers::default_discovery_port : default_broadcast_port;
    if (!vm.count("for")) s.seconds = discovering ? 3 : 0;
    if (!vm.count("count")) s.count = s.command == "send" ? 1 : 0;
    if (s.command == "send" && !has_message) {
        std::cerr << "send: what message?\n";
        return 2;
    }
    boost::system::error_code bad_address;
    if (s.command == "send") asio::ip::make_address_v4(s.to, bad_address);
    if (bad_address) {
        std::cerr << "--to: an IPv4 address, not " << s.to << "\n";
        return 2;
    }
    constexpr double a_day = 86'400;
    if ((s.command == "send" && s.port == 0) || !(s.seconds >= 0 && s.seconds <= a_day) ||
        !(s.interval >= 0 && s.interval <= a_day) || (discovering && s.seconds == 0)) {
        std::cerr << "--port, --for or --interval out of range (--for and --interval: at most a day)\n";
        return 2;
    }
    try {
        if (s.command == "send") return send(s);
        if (s.command == "listen" && !has_message) return listen(s);
        if (discovering && !has_message) return discover(s);
    } catch (const std::exception& e) {
        std::cerr << "coronet-broadcast: " << coronet_apps::error_text(e) << "\n";
        return 1;
    }
    if (s.command.empty()) std::cerr << "which command?\n\n" << flags;
    else std::cerr << "unknown command, or a message where none is taken: " << s.command << "\n\n" << flags;
    return 2;
}
