#pragma once
// Socket helpers of the classic tutorials (Python's gethostname, gethostbyname, getservbyname,
// getservbyport, inet_aton, inet_ntoa), for IPv4 and IPv6:
//   coronet::net::host_name()                     "build-7"
//   coronet::net::resolve_host("localhost")       {127.0.0.1, ::1}
//   coronet::net::service_port("http")            80      (from /etc/services)
//   coronet::net::service_name(53, "udp")         "domain"
//   coronet::net::address_bytes("192.0.2.1")      {0xc0, 0x00, 0x02, 0x01}
//   coronet::net::address_text(bytes)             "192.0.2.1"
// All are blocking calls into the C library (resolution may ask a DNS server): call them at
// start-up or from a thread that may wait, not from a server's coroutines.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>

namespace coronet::net {

// This machine's host name (gethostname).
std::string host_name();

// Every address `host` resolves to (getaddrinfo: /etc/hosts, then DNS), IPv4 first, without
// repeats; an address literal resolves to itself without a lookup. Throws
// boost::system::system_error when the name does not resolve.
std::vector<boost::asio::ip::address> resolve_host(std::string_view host);

// The port of a service name ("http", "ssh") for `protocol` ("tcp" or "udp"), from the
// services database (/etc/services); std::nullopt when unknown.
std::optional<std::uint16_t> service_port(std::string_view service, std::string_view protocol = "tcp");
// The service name of a port; std::nullopt when the database has none.
std::optional<std::string> service_name(std::uint16_t port, std::string_view protocol = "tcp");

// An address in text (dotted IPv4 or IPv6) as its bytes in network order: 4 or 16 of them;
// std::nullopt when it is not an address.
std::optional<std::vector<std::uint8_t>> address_bytes(std::string_view text);
// 4 or 16 bytes as the address's text; std::nullopt for any other length.
std::optional<std::string> address_text(std::span<const std::uint8_t> bytes);

}  // namespace coronet::net
