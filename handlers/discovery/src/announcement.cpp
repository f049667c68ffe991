#include <coronet/handlers/announcement.hpp>

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include <coronet/utf8.hpp>

namespace coronet::handlers {
namespace {

constexpr std::string_view first_line = "coronet-announce 1";
constexpr std::size_t max_name_bytes = 64;
constexpr std::size_t max_protocol_bytes = 16;

bool is_name(std::string_view s) {
    return !s.empty() && s.size() <= max_name_bytes && is_valid_utf8(s) && s.find(' ') == std::string_view::npos &&
           !has_control_characters(s);
}

bool is_protocol(std::string_view s) {
    return !s.empty() && s.size() <= max_protocol_bytes && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
           });
}

std::optional<std::uint16_t> parse_port(std::string_view s) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size() || value == 0 || value > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

// Splits off the text up to the first `separator` (all of it when there is none).
std::string_view take(std::string_view& rest, char separator) {
    auto at = rest.find(separator);
    auto piece = rest.substr(0, at);
    rest = at == std::string_view::npos ? std::string_view{} : rest.substr(at + 1);
    return piece;
}

std::optional<service_record> parse_service(std::string_view fields) {
    auto name = take(fields, ' ');
    auto protocol = take(fields, ' ');
    auto port = parse_port(fields);
    if (!is_name(name) || !is_protocol(protocol) || !port) return std::nullopt;
    return service_record{std::string(name), std::string(protocol), *port};
}

[[noreturn]] void refuse(std::string_view problem) {
    throw std::invalid_argument(std::string("announcement: ").append(problem));
}

}  // namespace

std::optional<std::string> check_host_name(std::string_view host) {
    if (!is_name(host)) return "a host name is 1-64 bytes of UTF-8 without spaces or control characters";
    return std::nullopt;
}

std::optional<std::string> check_record(const service_record& r) {
    if (!is_name(r.name)) return "a service name is 1-64 bytes of UTF-8 without spaces or control characters";
    if (!is_protocol(r.protocol)) return "a protocol is 1-16 of a-z, 0-9 and '-'";
    if (r.port == 0) return "a port is 1-65535";
    return std::nullopt;
}

std::string format_announcement(const announcement& a) {
    if (auto problem = check_host_name(a.host)) refuse(*problem);
    std::string text(first_line);
    text.append("\nhost ").append(a.host).append("\n");
    for (const auto& s : a.services) {
        if (auto problem = check_record(s)) refuse(*problem);
        text.append("service ").append(s.name).append(" ").append(s.protocol).append(" ");
        text.append(std::to_string(s.port)).append("\n");
    }
    if (text.size() > max_announcement_bytes) refuse("too many services for one datagram");
    return text;
}

std::optional<announcement> parse_announcement(std::string_view datagram) {
    if (datagram.size() > max_announcement_bytes || take(datagram, '\n') != first_line) return std::nullopt;
    announcement a;
    while (!datagram.empty()) {
        auto line = take(datagram, '\n');
        auto keyword = take(line, ' ');
        if (keyword == "host") {
            if (!a.host.empty() || check_host_name(line)) return std::nullopt;
            a.host = line;
        } else if (keyword == "service") {
            auto record = parse_service(line);
            if (!record) return std::nullopt;
            a.services.push_back(std::move(*record));
        }
    }
    if (a.host.empty() || a.services.empty()) return std::nullopt;
    return a;
}

}  // namespace coronet::handlers
