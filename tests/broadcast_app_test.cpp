// coronet-broadcast over this machine's loopback broadcast address (127.255.255.255: the kernel
// delivers it on lo only, nothing leaves the machine): several listeners hear one send, and
// discover lists what coronet-dictionary and coronet-homepage announce (--announce). Between
// hosts on a real segment: broadcast_netns_app_test.
#include <boost/test/unit_test.hpp>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <fmt/format.h>

#include <coronet/net/netinfo.hpp>

#include "support/test_support.hpp"

using namespace coronet::testing;
namespace asio = boost::asio;

namespace {

const std::string broadcast_bin = CORONET_BROADCAST_BIN;

// A UDP port on 0.0.0.0 held with SO_REUSEPORT, so that a program the test starts can bind
// it too: a port for discovery with no race for a free one.
class shared_udp_port {
public:
    shared_udp_port() : socket_(ctx_, asio::ip::udp::v4()) {
        socket_.set_option(asio::socket_base::reuse_address(true));
        socket_.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>(true));
        socket_.bind({asio::ip::address_v4::any(), 0});
    }
    std::string port() const { return std::to_string(socket_.local_endpoint().port()); }

private:
    asio::io_context ctx_;
    asio::ip::udp::socket socket_;
};

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_listener_on_the_port_hears_one_send) {
    child_process first({broadcast_bin, "listen", "--port", "0", "--count", "1", "--for", "20"});
    auto bound = first.wait_for_line("udp listening on 0.0.0.0:");
    BOOST_REQUIRE(bound);
    auto port = std::to_string(port_of(*bound));
    child_process second({broadcast_bin, "listen", "--port", port, "--count", "1", "--for", "20"});
    BOOST_REQUIRE(second.wait_for_line("udp listening on 0.0.0.0:" + port));

    auto sent = run_program({broadcast_bin, "send", "hello 你好", "--to", "127.255.255.255", "--port", port});
    BOOST_TEST(sent.status == 0);
    BOOST_TEST(sent.out == "sent 12 bytes to 127.255.255.255:" + port + "\n");
    for (auto* listener : {&first, &second}) {
        auto heard = listener->wait_for_line("from 127.0.0.1:");
        BOOST_REQUIRE(heard);
        BOOST_TEST(heard->ends_with(": hello 你好"), *heard);
        BOOST_TEST(listener->wait_exit().value_or(-1) == 0);   // --count 1: done
    }
}

BOOST_AUTO_TEST_CASE(discover_lists_the_services_the_apps_announce) {
    temp_directory dir;
    shared_udp_port discovery;
    child_process app({CORONET_DICTIONARY_BIN, "--db", (dir.path() / "words.db").string(), "--http-port", "0",
                       "--udp-port", "0", "--tcp-port", "off", "--dict-port", "0", "--log-level", "warn", "--announce",
                       "--announce-to", "127.255.255.255", "--announce-port", discovery.port(), "--announce-every", "0.2"});
    auto http = app.wait_for_line("http listening on ");
    auto udp = app.wait_for_line("udp listening on ");
    auto dict = app.wait_for_line("dict listening on ");
    BOOST_REQUIRE(http && udp && dict);
    child_process homepage({CORONET_HOMEPAGE_BIN, "--db", (dir.path() / "homepage.db").string(), "--port", "0",
                            "--log-level", "warn", "--announce", "--announce-to", "127.255.255.255", "--announce-port",
                            discovery.port(), "--announce-every", "0.2", "--announce-name", "my-site"});
    auto site = homepage.wait_for_line("http listening on ");
    BOOST_REQUIRE(site);

    auto found = run_program({broadcast_bin, "discover", "--port", discovery.port(), "--for", "1.5"});
    BOOST_TEST(found.status == 0);
    auto prefix = fmt::format("127.0.0.1\t{}\tcoronet-dictionary\t", coronet::net::host_name());
    std::set<std::string> expected{prefix + fmt::format("http\t{}", port_of(*http)),
                                   prefix + fmt::format("udp\t{}", port_of(*udp)),
                                   prefix + fmt::format("dict\t{}", port_of(*dict)),
                                   fmt::format("127.0.0.1\t{}\tmy-site\thttp\t{}", coronet::net::host_name(), port_of(*site))};
    auto lines = lines_of(found.out);
    BOOST_TEST((std::set<std::string>(lines.begin(), lines.end()) == expected), found.out);
    BOOST_TEST(lines.size() == 4u);   // announced every 0.2 s, listed once
}

BOOST_AUTO_TEST_CASE(discover_says_when_it_heard_nothing) {
    shared_udp_port quiet;
    auto found = run_program({broadcast_bin, "discover", "--port", quiet.port(), "--for", "0.3"});
    BOOST_TEST(found.status == 1);
    BOOST_TEST(found.out.empty());
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2) {
    BOOST_TEST(run_program({broadcast_bin}).status == 2);
    BOOST_TEST(run_program({broadcast_bin, "shout", "x"}).status == 2);
    BOOST_TEST(run_program({broadcast_bin, "send"}).status == 2);
    BOOST_TEST(run_program({broadcast_bin, "send", "x", "--to", "not-an-address"}).status == 2);
    BOOST_TEST(run_program({broadcast_bin, "send", "x", "--to", "::1"}).status == 2);
    BOOST_TEST(run_program({broadcast_bin, "discover", "--for", "0"}).status == 2);
    BOOST_TEST(run_program({broadcast_bin, "listen", "--port", "70000"}).status == 2);
    temp_directory dir;
    BOOST_TEST(run_program({CORONET_DICTIONARY_BIN, "--db", (dir.path() / "w.db").string(), "--http-port", "0",
                            "--udp-port", "off", "--tcp-port", "off", "--dict-port", "off", "--announce",
                            "--announce-every", "0"}).status == 2);
    auto help = run_program({broadcast_bin, "--help"});
    BOOST_TEST(help.status == 0);
    BOOST_TEST(help.out.find("coronet-broadcast discover") != std::string::npos);
}
