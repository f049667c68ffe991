// The socket helpers against this machine's own databases: gethostname, /etc/hosts and
// /etc/services. No name here is sent to a DNS server.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/system/system_error.hpp>
#include <fmt/format.h>

#include <coronet/net/netinfo.hpp>

namespace net = coronet::net;
using bytes = std::vector<std::uint8_t>;

namespace {
// Bytes as hex text, so a failed check prints them; "none" for no value.
std::string hex(const std::optional<bytes>& b) {
    if (!b) return "none";
    std::string out;
    for (auto byte : *b) out.append(fmt::format("{:02x}", byte));
    return out;
}
}  // namespace

BOOST_AUTO_TEST_CASE(host_name_is_the_kernels) {
    char expected[HOST_NAME_MAX + 1] = {};
    BOOST_REQUIRE(::gethostname(expected, sizeof expected - 1) == 0);
    BOOST_TEST(net::host_name() == expected);
    BOOST_TEST(!net::host_name().empty());
}

BOOST_AUTO_TEST_CASE(localhost_resolves_from_the_hosts_file) {
    auto found = net::resolve_host("localhost");
    BOOST_REQUIRE(!found.empty());
    BOOST_TEST(found.front().to_string() == "127.0.0.1");   // IPv4 first
    BOOST_TEST(std::count(found.begin(), found.end(), found.front()) == 1);   // no repeats
}

BOOST_AUTO_TEST_CASE(an_address_resolves_to_itself) {
    BOOST_TEST(net::resolve_host("127.0.0.1").at(0).to_string() == "127.0.0.1");
    auto v6 = net::resolve_host("::1");
    BOOST_TEST(v6.size() == 1u);
    BOOST_TEST(v6.at(0).to_string() == "::1");
}

BOOST_AUTO_TEST_CASE(an_empty_name_does_not_resolve) {
    BOOST_CHECK_THROW(net::resolve_host(""), boost::system::system_error);
}

BOOST_AUTO_TEST_CASE(services_and_ports_both_ways) {
    BOOST_TEST(net::service_port("http").value_or(0) == 80);
    BOOST_TEST(net::service_port("www").value_or(0) == 80);   // an alias
    BOOST_TEST(net::service_port("domain", "udp").value_or(0) == 53);
    BOOST_TEST(net::service_name(22).value_or("") == "ssh");
    BOOST_TEST(net::service_name(53, "udp").value_or("") == "domain");
    BOOST_TEST(!net::service_port("no-such-service").has_value());
    BOOST_TEST(!net::service_port("http", "no-such-protocol").has_value());
}

BOOST_AUTO_TEST_CASE(address_text_and_bytes_round_trip) {
    BOOST_TEST(hex(net::address_bytes("192.0.2.1")) == "c0000201");
    BOOST_TEST(net::address_text(bytes{0xc0, 0xa8, 0x01, 0x02}).value_or("") == "192.168.1.2");
    bytes loopback6(16, 0);
    loopback6.back() = 1;
    BOOST_TEST(hex(net::address_bytes("::1")) == hex(loopback6));
    BOOST_TEST(net::address_text(loopback6).value_or("") == "::1");
    for (const char* text : {"10.0.0.255", "2001:db8::8:800:200c:417a", "0.0.0.0", "::ffff:192.0.2.128"})
        BOOST_TEST(net::address_text(*net::address_bytes(text)).value_or("") == text);

    for (const char* bad : {"", "256.1.1.1", "1.2.3", "example.com", "1.2.3.4 ", ":::1"})
        BOOST_TEST(!net::address_bytes(bad).has_value(), bad);
    BOOST_TEST(!net::address_text(bytes{1, 2, 3}).has_value());
    BOOST_TEST(!net::address_text(bytes(5, 0)).has_value());
}
