#include <boost/test/unit_test.hpp>

#include <coronet/http/server.hpp>

#include "support/test_support.hpp"

using namespace coronet;
using namespace coronet::testing;

BOOST_AUTO_TEST_CASE(hello_over_loopback) {
    runtime rt{{.threads = 2, .handle_signals = false}};
    http::router r;
    r.get("/hello/{name}", [](http::request& req) -> task<http::response> {
        co_return http::text("Hello, " + std::string(req.param("name")) + "!");
    });
    http::server_options o;
    o.port = 0;
    http::server web{rt, o, r};
    background_runtime bg{rt};
    tcp_client c{web.port()};
    c.send("GET /hello/you HTTP/1.1\r\nHost: x\r\n\r\n");
    auto reply = parse_http_reply(c.receive_http_response());
    BOOST_TEST(reply.status == 200u);
    BOOST_TEST(reply.body == "Hello, you!");
    BOOST_TEST(!reply.header("Date").empty());
    BOOST_TEST(reply.header("Server") == "coronet");
}
