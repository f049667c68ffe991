// Black-box test of apps/hello: the real binary, started with free ports, spoken to over
// HTTP, TCP and UDP, then stopped with SIGINT.
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include "support/test_support.hpp"

using namespace coronet::testing;

BOOST_AUTO_TEST_CASE(serves_http_tcp_and_udp_then_stops_on_sigint) {
    child_process app{{CORONET_HELLO_BIN, "--http-port", "0", "--tcp-port", "0", "--udp-port", "0", "--threads", "2",
                       "--log-level", "warn"}};
    auto http_line = app.wait_for_line("http listening on 127.0.0.1:");
    auto tcp_line = app.wait_for_line("tcp listening on 127.0.0.1:");
    auto udp_line = app.wait_for_line("udp listening on 127.0.0.1:");
    BOOST_REQUIRE(http_line && tcp_line && udp_line);

    tcp_client web{port_of(*http_line)};
    web.send("GET /hello/%E4%B8%96%E7%95%8C HTTP/1.1\r\nHost: t\r\n\r\n");
    auto reply = parse_http_reply(web.receive_http_response());
    BOOST_TEST(reply.status == 200u);
    BOOST_TEST(reply.body == "Hello, 世界!\n");

    tcp_client lines{port_of(*tcp_line)};
    lines.send("one\ntwo\r\n");
    BOOST_TEST(lines.receive(5s, [](std::string_view got) { return got.size() >= 8; }) == "one\ntwo\n");

    BOOST_TEST(udp_exchange(port_of(*udp_line), "ping").value_or("(no reply)") == "ping");

    app.signal(SIGINT);
    BOOST_TEST(app.wait_exit().value_or(-1) == 0);
}
