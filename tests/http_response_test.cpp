// Response helpers and reason phrases, without a socket.
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <coronet/http/json.hpp>
#include <coronet/http/response.hpp>
#include <coronet/http/router.hpp>
#include <coronet/http/testing.hpp>

namespace http = coronet::http;
using coronet::task;

namespace {
bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }
}  // namespace

BOOST_AUTO_TEST_SUITE(helpers)

BOOST_AUTO_TEST_CASE(default_response) {
    http::response res;
    BOOST_TEST(res.status == 200u);
    BOOST_TEST(res.headers.empty());
    BOOST_TEST(res.body.empty());
    BOOST_TEST(!res.stream);
}

BOOST_AUTO_TEST_CASE(text_response) {
    auto res = http::text("hello");
    BOOST_TEST(res.status == 200u);
    BOOST_TEST(res.headers.get("Content-Type") == "text/plain; charset=utf-8");
    BOOST_TEST(res.headers.size() == 1u);
    BOOST_TEST(res.body == "hello");
    BOOST_TEST(!res.stream);
    BOOST_TEST(http::text("made", 201).status == 201u);
}

BOOST_AUTO_TEST_CASE(html_response) {
    auto res = http::html("<p>hi</p>", 202);
    BOOST_TEST(res.status == 202u);
    BOOST_TEST(res.headers.get("Content-Type") == "text/html; charset=utf-8");
    BOOST_TEST(res.body == "<p>hi</p>");     // html() does not escape: the body is HTML already
}

BOOST_AUTO_TEST_CASE(json_response) {
    boost::json::value value = {{"word", "\xE4\xBD\xA0\xE5\xA5\xBD"}, {"count", 2}, {"tags", {"a", "b"}}};
    auto res = http::json(value);
    BOOST_TEST(res.status == 200u);
    // RFC 8259 defines no charset parameter for application/json: JSON is UTF-8.
    BOOST_TEST(res.headers.get("Content-Type") == "application/json");
    BOOST_TEST((boost::json::parse(res.body) == value));
    BOOST_TEST(http::json(boost::json::value(nullptr), 404).status == 404u);
    BOOST_TEST(http::json(boost::json::value(nullptr)).body == "null");
    BOOST_TEST(http::json(boost::json::value("a\"b<")).body == R"("a\"b<")");
}

BOOST_AUTO_TEST_CASE(json_from_a_handler) {
    http::router r;
    r.get("/words/{word}", [](http::request& req) -> task<http::response> {
        co_return http::json({{"word", req.param("word")}, {"length", req.param("word").size()}}, 201);
    });
    auto res = http::invoke(r, {http::method::get, "/words/hi"});
    BOOST_TEST(res.status == 201u);
    auto body = boost::json::parse(res.body);
    BOOST_TEST(std::string_view(body.at("word").as_string()) == "hi");
    BOOST_TEST(body.at("length").to_number<int>() == 2);
}

BOOST_AUTO_TEST_CASE(redirect_response) {
    auto res = http::redirect("/login");
    BOOST_TEST(res.status == 302u);
    BOOST_TEST(res.headers.get("Location") == "/login");
    BOOST_TEST(res.headers.get("Content-Type") == "text/html; charset=utf-8");
    BOOST_TEST(contains(res.body, "302 Found"));
    BOOST_TEST(contains(res.body, "<a href=\"/login\">/login</a>"));

    res = http::redirect("https://example.com/new", 301);
    BOOST_TEST(res.status == 301u);
    BOOST_TEST(res.headers.get("Location") == "https://example.com/new");
    BOOST_TEST(contains(res.body, "301 Moved Permanently"));
}

BOOST_AUTO_TEST_CASE(redirect_escapes_the_link_not_the_header) {
    auto res = http::redirect("/search?a=1&b=\"<x>\"", 303);
    BOOST_TEST(res.headers.get("Location") == "/search?a=1&b=\"<x>\"");
    BOOST_TEST(contains(res.body, "href=\"/search?a=1&amp;b=&quot;&lt;x&gt;&quot;\""));
    BOOST_TEST(!contains(res.body, "<x>"));
}

BOOST_AUTO_TEST_CASE(redirect_cannot_inject_headers) {
    // A target taken from the request ("?next=%0D%0ASet-Cookie:...") must stay one header value.
    auto res = http::redirect("/next\r\nSet-Cookie: admin=1\x7f", 303);
    BOOST_TEST(res.headers.get("Location") == "/next%0D%0ASet-Cookie: admin=1%7F");
    BOOST_TEST(res.headers.size() == 2u);
    BOOST_TEST(!contains(res.body, "\r"));
    BOOST_TEST(!contains(res.body, "\n<"));
    // Non-ASCII bytes are left alone.
    BOOST_TEST(http::redirect("/w/\xE4\xBD\xA0").headers.get("Location") == "/w/\xE4\xBD\xA0");
}

BOOST_AUTO_TEST_CASE(no_content_response) {
    auto res = http::no_content();
    BOOST_TEST(res.status == 204u);
    BOOST_TEST(res.body.empty());
    BOOST_TEST(res.headers.empty());
    BOOST_TEST(!res.stream);
}

BOOST_AUTO_TEST_CASE(streamed_response) {
    auto res = http::streamed("text/csv", [](http::body_writer& out) -> task<void> {
        co_await out.write("id,name\n");
        for (int i = 1; i <= 3; ++i) co_await out.write(std::to_string(i) + ",row\n");
    });
    BOOST_TEST(res.status == 200u);
    BOOST_TEST(res.headers.get("Content-Type") == "text/csv");
    BOOST_TEST(static_cast<bool>(res.stream));
    BOOST_TEST(res.body.empty());
    BOOST_TEST(http::read_body(res) == "id,name\n1,row\n2,row\n3,row\n");
    // read_body leaves the collected body in place of the stream.
    BOOST_TEST(!res.stream);
    BOOST_TEST(res.body == "id,name\n1,row\n2,row\n3,row\n");
    BOOST_TEST(http::read_body(res) == "id,name\n1,row\n2,row\n3,row\n");
}

BOOST_AUTO_TEST_CASE(streamed_response_from_a_handler) {
    http::router r;
    r.get("/count/{n}", [](http::request& req) -> task<http::response> {
        int n = std::stoi(std::string(req.param("n")));
        co_return http::streamed("text/plain", [n](http::body_writer& out) -> task<void> {
            for (int i = 0; i < n; ++i) co_await out.write(std::to_string(i));
        }, 206);
    });
    auto res = http::invoke(r, {http::method::get, "/count/5"});
    BOOST_TEST(res.status == 206u);
    BOOST_TEST(http::read_body(res) == "01234");
}

BOOST_AUTO_TEST_CASE(read_body_of_a_plain_response) {
    auto res = http::text("plain");
    BOOST_TEST(http::read_body(res) == "plain");
    BOOST_TEST(res.body == "plain");
}

BOOST_AUTO_TEST_CASE(read_body_propagates_a_failing_stream) {
    auto res = http::streamed("text/plain", [](http::body_writer& out) -> task<void> {
        co_await out.write("partial");
        throw std::runtime_error("disk gone");
    });
    BOOST_CHECK_THROW(http::read_body(res), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(error_page_response) {
    auto res = http::error_page(404);
    BOOST_TEST(res.status == 404u);
    BOOST_TEST(res.headers.get("Content-Type") == "text/html; charset=utf-8");
    BOOST_TEST(contains(res.body, "<title>404 Not Found</title>"));
    BOOST_TEST(contains(res.body, "<h1>404 Not Found</h1>"));
    BOOST_TEST(!contains(res.body, "<p>"));

    res = http::error_page(400, "Bad value for 'n'.");
    BOOST_TEST(res.status == 400u);
    BOOST_TEST(contains(res.body, "<p>Bad value for &#39;n&#39;.</p>"));
}

BOOST_AUTO_TEST_CASE(error_page_escapes_the_detail) {
    auto res = http::error_page(400, "<script>alert(\"x\" & 'y')</script>");
    BOOST_TEST(!contains(res.body, "<script>"));
    BOOST_TEST(contains(res.body, "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"));
}

BOOST_AUTO_TEST_CASE(html_escape_text) {
    BOOST_TEST(http::html_escape("") == "");
    BOOST_TEST(http::html_escape("plain text \xE4\xBD\xA0") == "plain text \xE4\xBD\xA0");
    BOOST_TEST(http::html_escape("<a href=\"x\">Tom & Jerry's</a>") ==
               "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
    BOOST_TEST(http::html_escape("&amp;") == "&amp;amp;");   // no double-unescaping shortcuts
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(reason_phrases) {
    // Every status coronet itself sends, or its helpers and docs use.
    const std::vector<std::pair<unsigned, std::string_view>> expected{
        {200, "OK"},
        {201, "Created"},
        {204, "No Content"},
        {206, "Partial Content"},
        {301, "Moved Permanently"},
        {302, "Found"},
        {304, "Not Modified"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {408, "Request Timeout"},
        {411, "Length Required"},
        {413, "Content Too Large"},
        {414, "URI Too Long"},
        {416, "Range Not Satisfiable"},
        {417, "Expectation Failed"},
        {431, "Request Header Fields Too Large"},
        {500, "Internal Server Error"},
        {501, "Not Implemented"},
        {503, "Service Unavailable"},
        {505, "HTTP Version Not Supported"},
        {507, "Insufficient Storage"},
    };
    for (const auto& [status, phrase] : expected) {
        BOOST_TEST_CONTEXT("status " << status) {
            BOOST_TEST(http::reason_phrase(status) == phrase);
            // error_page titles itself with the same phrase.
            BOOST_TEST(contains(http::error_page(status).body, std::to_string(status) + " " + std::string(phrase)));
        }
    }
    BOOST_TEST(http::reason_phrase(299) == "Unknown");
    BOOST_TEST(http::reason_phrase(0) == "Unknown");
}
