// request_dump: the text it builds, its two answers (text and HTML), and over a real socket
// that what it shows is what the client sent, in its order and spelling.
#include <boost/test/unit_test.hpp>

#include <coronet/handlers/request_dump.hpp>
#include <coronet/http/testing.hpp>

#include "support/test_support.hpp"

using namespace coronet;
using namespace coronet::testing;

namespace {

http::router dump_routes(handlers::request_dump_options options = {}) {
    http::router r;
    handlers::mount_request_dump(r, "/echo/request", options);
    return r;
}

http::fields headers_of(std::initializer_list<std::pair<std::string, std::string>> items) {
    http::fields f;
    for (const auto& [name, value] : items) f.add(name, value);
    return f;
}

}  // namespace

BOOST_AUTO_TEST_CASE(text_is_request_line_headers_blank_line_and_body) {
    http::request req{http::method::post, "/echo/request?a=1", "name=%E4%BD%A0",
                      headers_of({{"Host", "example"}, {"X-Two", "b"}, {"x-two", "c"}})};
    BOOST_TEST(handlers::raw_request_text(req) ==
               "POST /echo/request?a=1 HTTP/1.1\r\nHost: example\r\nX-Two: b\r\nx-two: c\r\n\r\nname=%E4%BD%A0");
    req.set_version(10);
    BOOST_TEST(handlers::raw_request_text(req).starts_with("POST /echo/request?a=1 HTTP/1.0\r\n"));
}

BOOST_AUTO_TEST_CASE(a_long_body_is_cut_saying_how_much_is_left_out) {
    http::request req{http::method::put, "/x", std::string(100, 'a')};
    auto text = handlers::raw_request_text(req, {.max_body_shown = 10});
    BOOST_TEST(text == "PUT /x HTTP/1.1\r\n\r\naaaaaaaaaa\n[... 90 more bytes of the body not shown]\n");
}

BOOST_AUTO_TEST_CASE(plain_text_for_a_client_html_escaped_for_a_browser) {
    auto plain = http::invoke(dump_routes(), {http::method::get, "/echo/request", {}, headers_of({{"X-Markup", "<b>&"}})});
    BOOST_TEST(plain.status == 200u);
    BOOST_TEST(plain.headers.get("Content-Type") == "text/plain; charset=utf-8");
    BOOST_TEST(plain.body == "GET /echo/request HTTP/1.1\r\nX-Markup: <b>&\r\n\r\n");
    BOOST_TEST(plain.headers.get("Vary") == "Accept");
    BOOST_TEST(plain.headers.get("Cache-Control") == "no-store");

    auto page = http::invoke(dump_routes(), {http::method::get, "/echo/request", {},
                                             headers_of({{"Accept", "text/html,*/*;q=0.8"}, {"X-Markup", "<b>&"}})});
    BOOST_TEST(page.status == 200u);
    BOOST_TEST(page.headers.get("Content-Type") == "text/html; charset=utf-8");
    BOOST_TEST(page.body.find("X-Markup: &lt;b&gt;&amp;") != std::string::npos);
    BOOST_TEST(page.body.find("<b>&") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(bytes_that_are_not_utf8_are_replaced) {
    auto res = http::invoke(dump_routes(), {http::method::post, "/echo/request", "a\xff" "b"});
    BOOST_TEST(res.body.ends_with("\r\n\r\na\xEF\xBF\xBD" "b"));
}

BOOST_AUTO_TEST_CASE(each_method_is_dumped_and_others_are_refused) {
    for (auto m : {http::method::get, http::method::post, http::method::put, http::method::patch, http::method::delete_}) {
        auto res = http::invoke(dump_routes(), {m, "/echo/request"});
        BOOST_TEST(res.status == 200u);
        BOOST_TEST(res.body.starts_with(std::string(to_string(m)) + " /echo/request HTTP/1.1\r\n"));
    }
    BOOST_TEST(http::invoke(dump_routes(), {http::method::get, "/echo/request/more"}).status == 404u);
}

BOOST_AUTO_TEST_CASE(over_a_socket_shows_what_was_sent_as_sent) {
    live_http_server server(dump_routes());
    tcp_client c{server.port()};
    const std::string head = "POST /echo/request?q=%20x HTTP/1.1\r\nHost: 127.0.0.1\r\nuser-AGENT: test/1\r\n"
                             "X-Dup: one\r\nX-Dup: two\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n";
    c.send(head + "hello");
    auto reply = parse_http_reply(c.receive_http_response());
    BOOST_TEST(reply.status == 200u);
    BOOST_TEST(reply.body == head + "hello");
}
