// coronet-netinfo: the classic socket helpers from the command line (seed 002, 二.1).
//   coronet-netinfo hostname                 this machine's host name
//   coronet-netinfo resolve HOST...          each host's addresses, IPv4 and IPv6
//   coronet-netinfo service NAME|PORT...     service name -> port, port -> name (/etc/services)
//   coronet-netinfo to-bytes ADDRESS...      an address as its bytes, in hex
//   coronet-netinfo from-bytes HEX...        8 or 32 hex digits as an address
// Exits 0 when every answer was found, 1 when one was not, 2 on a usage error.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <boost/system/system_error.hpp>
#include <fmt/format.h>

#include <coronet/net/netinfo.hpp>

#include "app_flags.hpp"

namespace po = boost::program_options;
namespace net = coronet::net;

namespace {

constexpr int not_found = 1;

int resolve(const std::string& host) {
    try {
        auto addresses = net::resolve_host(host);
        for (const auto& a : addresses) fmt::print("{}\t{}\t{}\n", host, a.is_v4() ? "ipv4" : "ipv6", a.to_string());
        return 0;
    } catch (const boost::system::system_error& e) {
        fmt::print(stderr, "{}: {}\n", host, e.code().message());
        return not_found;
    }
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

// A number is a port to name; anything else a name to port.
int service(const std::string& what, const std::string& protocol) {
    if (auto port = parse_port(what)) {
        if (auto name = net::service_name(*port, protocol)) {
            fmt::print("{}/{}\t{}\n", *port, protocol, *name);
            return 0;
        }
    } else if (auto found = net::service_port(what, protocol)) {
        fmt::print("{}\t{}/{}\n", what, *found, protocol);
        return 0;
    }
    fmt::print(stderr, "{}: no such {} service in the services database\n", what, protocol);
    return not_found;
}

int to_bytes(const std::string& address) {
    auto bytes = net::address_bytes(address);
    if (!bytes) {
        fmt::print(stderr, "{}: not an IPv4 or IPv6 address\n", address);
        return not_found;
    }
    std::string hex;
    for (auto b : *bytes) hex.append(fmt::format("{:02x}", b));
    fmt::print("{}\t{}\n", address, hex);
    return 0;
}

std::optional<std::vector<std::uint8_t>> parse_hex(std::string_view text) {
    if (text.size() % 2 != 0) return std::nullopt;
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        std::uint8_t byte = 0;
        auto [end, ec] = std::from_chars(text.data() + i, text.data() + i + 2, byte, 16);
        if (ec != std::errc{} || end != text.data() + i + 2) return std::nullopt;
        out.push_back(byte);
    }
    return out;
}

int from_bytes(const std::string& hex) {
    auto bytes = parse_hex(hex);
    auto text = bytes ? net::address_text(*bytes) : std::nullopt;
    if (!text) {
        fmt::print(stderr, "{}: not 8 (IPv4) or 32 (IPv6) hex digits\n", hex);
        return not_found;
    }
    fmt::print("{}\t{}\n", hex, *text);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string command, protocol, log_level, log_file;
    std::vector<std::string> arguments;
    po::options_description flags(
        "coronet-netinfo: host names, addresses and services.\n"
        "  coronet-netinfo hostname\n"
        "  coronet-netinfo resolve HOST...          addresses of each host (hosts file, then DNS)\n"
        "  coronet-netinfo service NAME|PORT...     port of a service name, or name of a port\n"
        "  coronet-netinfo to-bytes ADDRESS...      IPv4/IPv6 address -> its bytes in hex\n"
        "  coronet-netinfo from-bytes HEX...        8 or 32 hex digits -> the address\n"
        "Exits 0 if every answer was found, 1 if one was not, 2 on a usage error.\nOptions");
    flags.add_options()
        ("help", "show this help")
        ("protocol", po::value(&protocol)->default_value("tcp"), "for service: tcp or udp")
        ("log-level", po::value(&log_level)->default_value("warn"), "trace, debug, info, warn, error or off")
        ("log-file", po::value(&log_file), "log to this file instead of stderr");
    po::variables_map vm;
    if (auto status = coronet_apps::parse_command_line(argc, argv, flags, command, arguments, vm)) return *status;
    if (!coronet_apps::configure_logging(log_level, log_file)) return 2;
    if (protocol != "tcp" && protocol != "udp") {
        std::cerr << "--protocol: tcp or udp, not " << protocol << "\n";
        return 2;
    }
    if (command == "hostname" && arguments.empty()) {
        fmt::print("{}\n", net::host_name());
        return 0;
    }
    int (*each)(const std::string&) = nullptr;
    if (command == "resolve") each = resolve;
    else if (command == "to-bytes") each = to_bytes;
    else if (command == "from-bytes") each = from_bytes;
    if ((!each && command != "service") || arguments.empty()) {
        if (command.empty()) std::cerr << "which command?\n\n" << flags;
        else std::cerr << "unknown command, or no arguments: " << command << "\n\n" << flags;
        return 2;
    }
    int status = 0;
    for (const auto& a : arguments) status = std::max(status, each ? each(a) : service(a, protocol));
    return status;
}
