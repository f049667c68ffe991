#pragma once
// Service discovery on a LAN segment: what a service announces, as one UDP datagram of text.
//   coronet-announce 1
//   host build-7
//   service coronet-dictionary http 8081
//   service coronet-dictionary dict 2628
// The first line names the format and its version; then `host` once and a `service` line per
// listener: a name, a protocol and a port, separated by one space. A reader skips lines it
// does not know (a later version may add some) but refuses a datagram whose first line is not
// this format's, so stray traffic on the port is ignored.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coronet::handlers {

inline constexpr std::uint16_t default_discovery_port = 9999;
// Kept under a typical MTU's payload (1500 - IP - UDP headers), so it never fragments.
inline constexpr std::size_t max_announcement_bytes = 1400;

struct service_record {
    std::string name;        // 1-64 bytes of UTF-8, no spaces or control characters
    std::string protocol;    // 1-16 of a-z, 0-9 and '-': "http", "udp", "dict", ...
    std::uint16_t port = 0;  // 1-65535
    bool operator==(const service_record&) const = default;
};

struct announcement {
    std::string host;        // the announcer's host name (same rules as a service name)
    std::vector<service_record> services;
    bool operator==(const announcement&) const = default;
};

// Whether a record (or a host name) may be announced; the reason if not.
std::optional<std::string> check_record(const service_record& record);
std::optional<std::string> check_host_name(std::string_view host);

// The datagram's text. Throws std::invalid_argument for a record check_record refuses, or
// when the text would pass max_announcement_bytes.
std::string format_announcement(const announcement& a);
// std::nullopt when `datagram` is not an announcement (another format, a malformed or
// invalid service line, nothing announced).
std::optional<announcement> parse_announcement(std::string_view datagram);

}  // namespace coronet::handlers
