// form_echo: each body kind and each malformed body through the router (no socket), then
// over real loopback sockets, and with curl as a real client.
#include <boost/test/unit_test.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_to.hpp>
#include <fmt/format.h>

#include <coronet/handlers/form_echo.hpp>
#include <coronet/http/server.hpp>
#include <coronet/http/testing.hpp>
#include <coronet/sha256.hpp>

#include "support/test_support.hpp"

using namespace coronet;
using namespace coronet::testing;
namespace json = boost::json;

namespace {

http::router echo_routes(handlers::form_echo_options options = {}) {
    http::router r;
    handlers::mount_form_echo(r, "/echo", options);
    return r;
}

http::fields with_headers(std::initializer_list<std::pair<std::string, std::string>> items) {
    http::fields f;
    for (const auto& [name, value] : items) f.add(name, value);
    return f;
}

http::response post(std::string_view content_type, std::string body, std::string_view accept = {}) {
    http::fields headers = with_headers({{"Content-Type", std::string(content_type)}});
    if (!accept.empty()) headers.add("Accept", std::string(accept));
    return http::invoke(echo_routes(), {http::method::post, "/echo", std::move(body), std::move(headers)});
}

json::object parse_object(std::string_view text) {
    BOOST_TEST_INFO("body: " << text);
    auto value = json::parse(text);
    BOOST_REQUIRE(value.is_object());
    return value.as_object();
}

// [{"name":..,"value":..}, ...] as "name=value;name=value" for compact comparisons.
std::string pairs(const json::value& list) {
    std::string out;
    for (const auto& item : list.as_array()) {
        if (!out.empty()) out += ';';
        out += json::value_to<std::string>(item.at("name")) + "=" + json::value_to<std::string>(item.at("value"));
    }
    return out;
}

// Bytes of every value 0..255, so digests and sizes are checked on binary content.
std::string binary_payload(std::size_t size) {
    std::string out(size, '\0');
    for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<char>((i * 7 + i / 256) & 0xff);
    return out;
}

constexpr std::string_view boundary = "XyZzY-boundary";

std::string multipart_body(std::string_view file_bytes) {
    std::string b;
    b += "preamble, ignored\r\n";
    b += fmt::format("--{}\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nhello\r\n", boundary);
    b += fmt::format("--{}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nline one\r\nline two; \"quoted\"\r\n", boundary);
    b += fmt::format("--{}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data;1.bin\"\r\n"
                     "Content-Type: application/octet-stream\r\n\r\n", boundary);
    b += file_bytes;
    b += fmt::format("\r\n--{}--\r\nepilogue, ignored", boundary);
    return b;
}

std::string multipart_type() { return fmt::format("multipart/form-data; boundary=\"{}\"", boundary); }

}  // namespace

BOOST_AUTO_TEST_SUITE(through_the_router)

BOOST_AUTO_TEST_CASE(get_echoes_query_parameters_method_and_target) {
    auto res = http::invoke(echo_routes(), {http::method::get, "/echo?username=hello&pass=a%20b+c&empty=&flag&&x=%E4%B8%96"});
    BOOST_TEST(res.status == 200u);
    BOOST_TEST(res.headers.get("Content-Type") == "application/json");
    BOOST_TEST(res.headers.get("Vary") == "Accept");
    auto echo = parse_object(res.body);
    BOOST_TEST(echo.at("method").as_string() == "GET");
    BOOST_TEST(echo.at("target").as_string() == "/echo?username=hello&pass=a%20b+c&empty=&flag&&x=%E4%B8%96");
    BOOST_TEST(pairs(echo.at("query")) == "username=hello;pass=a b c;empty=;flag=;x=世");
    BOOST_TEST(echo.at("body").at("kind").as_string() == "none");
}

BOOST_AUTO_TEST_CASE(urlencoded_post_echoes_its_fields) {
    auto res = post("application/x-www-form-urlencoded", "username=hello&pass=hello&pass=again&sym=%26%3D%25");
    BOOST_TEST(res.status == 200u);
    auto body = parse_object(res.body).at("body");
    BOOST_TEST(body.at("kind").as_string() == "urlencoded");
    BOOST_TEST(body.at("size").as_int64() == 50);
    BOOST_TEST(pairs(body.at("fields")) == "username=hello;pass=hello;pass=again;sym=&=%");
}

BOOST_AUTO_TEST_CASE(put_is_echoed_like_post) {
    auto res = http::invoke(echo_routes(), {http::method::put, "/echo?v=1", "a=1",
                                            with_headers({{"Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"}})});
    BOOST_TEST(res.status == 200u);
    auto echo = parse_object(res.body);
    BOOST_TEST(echo.at("method").as_string() == "PUT");
    BOOST_TEST(pairs(echo.at("query")) == "v=1");
    BOOST_TEST(pairs(echo.at("body").at("fields")) == "a=1");
}

BOOST_AUTO_TEST_CASE(multipart_echoes_fields_and_file_digests_never_bytes) {
    const std::string file = binary_payload(3000) + "FILE-BYTES-MARKER";
    auto res = post(multipart_type(), multipart_body(file));
    BOOST_TEST(res.status == 200u);
    BOOST_TEST(res.body.find("FILE-BYTES-MARKER") == std::string::npos);
    auto body = parse_object(res.body).at("body");
    BOOST_TEST(body.at("kind").as_string() == "multipart");
    BOOST_TEST(pairs(body.at("fields")) == "username=hello;note=line one\r\nline two; \"quoted\"");
    const auto& files = body.at("files").as_array();
    BOOST_REQUIRE(files.size() == 1u);
    BOOST_TEST(files[0].at("name").as_string() == "file");
    BOOST_TEST(files[0].at("filename").as_string() == "data;1.bin");
    BOOST_TEST(files[0].at("content_type").as_string() == "application/octet-stream");
    BOOST_TEST(files[0].at("size").as_int64() == static_cast<std::int64_t>(file.size()));
    BOOST_TEST(files[0].at("sha256").as_string() == sha256_hex(file));
}

BOOST_AUTO_TEST_CASE(multipart_with_an_empty_file_and_no_fields) {
    std::string b = fmt::format("--{0}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\"\r\n\r\n\r\n--{0}--\r\n", boundary);
    auto res = post(fmt::format("multipart/form-data; boundary={}", boundary), b);
    BOOST_TEST(res.status == 200u);
    auto files = parse_object(res.body).at("body").at("files").as_array();
    BOOST_REQUIRE(files.size() == 1u);
    BOOST_TEST(files[0].at("size").as_int64() == 0);
    BOOST_TEST(files[0].at("content_type").as_string() == "text/plain");
    BOOST_TEST(files[0].at("sha256").as_string() == sha256_hex(""));
}

BOOST_AUTO_TEST_CASE(json_body_is_echoed_parsed) {
    auto res = post("application/json", R"({"user": "hello", "n": [1, 2.5, null, true], "s": "世界"})");
    BOOST_TEST(res.status == 200u);
    auto body = parse_object(res.body).at("body");
    BOOST_TEST(body.at("kind").as_string() == "json");
    BOOST_TEST(body.at("json") == json::parse(R"({"user":"hello","n":[1,2.5,null,true],"s":"世界"})"));
}

BOOST_AUTO_TEST_CASE(other_types_give_size_and_type) {
    auto res = post("image/png", binary_payload(1234));
    BOOST_TEST(res.status == 200u);
    auto body = parse_object(res.body).at("body");
    BOOST_TEST(body.at("kind").as_string() == "other");
    BOOST_TEST(body.at("size").as_int64() == 1234);
    BOOST_TEST(body.at("content_type").as_string() == "image/png");
    BOOST_TEST(!body.as_object().contains("fields"));
}

BOOST_AUTO_TEST_CASE(headers_are_echoed_unless_disabled) {
    http::request req{http::method::get, "/echo", {}, with_headers({{"X-One", "1"}, {"X-Bytes", "caf\xe9"}})};
    auto echo = parse_object(http::invoke(echo_routes(), req).body);
    BOOST_TEST(pairs(echo.at("headers")) == "X-One=1;X-Bytes=caf\xef\xbf\xbd");   // not UTF-8: replaced
    auto quiet = parse_object(http::invoke(echo_routes({.echo_headers = false}), req).body);
    BOOST_TEST(quiet.at("headers").as_array().empty());
}

BOOST_AUTO_TEST_CASE(html_when_accept_prefers_it_with_everything_escaped) {
    const std::string browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    auto res = post("application/x-www-form-urlencoded", "user%3Cb%3E=%3Cscript%3Ealert(1)%3C%2Fscript%3E&pass=%22%26%27", browser);
    BOOST_TEST(res.status == 200u);
    BOOST_TEST(res.headers.get("Content-Type").starts_with("text/html"));
    BOOST_TEST(res.body.find("<script>") == std::string::npos);
    BOOST_TEST(res.body.find("<td>user&lt;b&gt;</td><td>&lt;script&gt;alert(1)&lt;/script&gt;</td>") != std::string::npos);
    BOOST_TEST(res.body.find("<td>pass</td>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(accept_negotiation) {
    struct row { std::string accept; bool html; };
    const std::vector<row> table{
        {"", false},
        {"*/*", false},
        {"text/html", true},
        {"text/*", true},
        {"application/json", false},
        {"text/html;q=0.5, application/json", false},
        {"text/html, application/json;q=0.9", true},
        {"application/json;q=0.1, */*", true},           // */* gives text/html q=1
        {"text/html;q=0", false},
        {"TEXT/HTML", true},
    };
    for (const auto& [accept, html] : table) {
        BOOST_TEST_INFO("Accept: " << accept);
        auto res = post("text/plain", "x", accept.empty() ? std::string_view{} : accept);
        BOOST_TEST(res.headers.get("Content-Type").starts_with("text/html") == html);
    }
}

BOOST_AUTO_TEST_CASE(malformed_bodies_are_400_saying_what_was_wrong) {
    struct row { std::string target; std::string content_type; std::string body; std::string message; };
    const std::string urlencoded = "application/x-www-form-urlencoded";
    const std::string multipart = fmt::format("multipart/form-data; boundary={}", boundary);
    const std::vector<row> table{
        {"/echo", urlencoded, "a=%zz", "bad percent-encoding in the body"},
        {"/echo", urlencoded, "a=1&b=%4", "bad percent-encoding in the body"},
        {"/echo", urlencoded, "a=%", "bad percent-encoding in the body"},
        {"/echo?q=%G1", urlencoded, "a=1", "bad percent-encoding in the query"},
        {"/echo", urlencoded, "a%FF=1", "invalid UTF-8 in a field name"},
        {"/echo", urlencoded, "a=%C0%AF", "invalid UTF-8 in a field value"},
        {"/echo", urlencoded, "a=%ED%A0%80", "invalid UTF-8 in a field value"},
        {"/echo", "multipart/form-data", "--x\r\n\r\n--x--", "without a boundary parameter"},
        {"/echo", multipart, "--other\r\n\r\nhi\r\n--other--\r\n", "without the boundary named in Content-Type"},
        {"/echo", multipart, fmt::format("--{}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end", boundary),
         "ends without its closing boundary"},
        {"/echo", multipart, fmt::format("--{0}garbage\r\n\r\n--{0}--", boundary), "boundary not followed by CRLF"},
        {"/echo", multipart, fmt::format("--{0}\r\nContent-Disposition: form-data\r\n\r\nv\r\n--{0}--", boundary),
         "part without a name"},
        {"/echo", multipart, fmt::format("--{0}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff\r\n--{0}--", boundary),
         "invalid UTF-8 in the value of multipart field \"a\""},
        {"/echo", multipart, fmt::format("--{0}\r\nContent-Disposition: form-data; name=\"\xc3\"\r\n\r\nv\r\n--{0}--", boundary),
         "invalid UTF-8 in a multipart field name"},
        {"/echo", multipart, fmt::format("--{0}\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--{0}--", boundary),
         "without Content-Disposition: form-data"},
        {"/echo", "application/json", "{\"a\": ", "invalid JSON"},
        {"/echo", "application/json", "[1,]", "invalid JSON"},
        {"/echo", "application/json", "\"\xff\"", "invalid JSON"},
    };
    for (const auto& [target, type, body, message] : table) {
        BOOST_TEST_INFO("case: " << target << " " << type << " " << body);
        http::request req{http::method::post, target, body, with_headers({{"Content-Type", type}})};
        auto res = http::invoke(echo_routes(), req);
        BOOST_TEST(res.status == 400u);
        auto error = json::value_to<std::string>(parse_object(res.body).at("error"));
        BOOST_TEST(error.find(message) != std::string::npos, "\"" << error << "\" should say \"" << message << "\"");

        req.headers().add("Accept", "text/html");
        auto page = http::invoke(echo_routes(), req);
        BOOST_TEST(page.status == 400u);
        BOOST_TEST(page.headers.get("Content-Type").starts_with("text/html"));
        BOOST_TEST(page.body.find(http::html_escape(message)) != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(too_many_fields_is_400) {
    auto res = http::invoke(echo_routes({.max_fields = 2}), {http::method::get, "/echo?a=1&b=2&c=3"});
    BOOST_TEST(res.status == 400u);
    BOOST_TEST(res.body.find("too many fields") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(mounts_under_any_prefix_for_get_post_and_put_only) {
    http::router r;
    handlers::mount_form_echo(r, "/tools/echo");
    BOOST_TEST(http::invoke(r, {http::method::get, "/tools/echo?x=1"}).status == 200u);
    BOOST_TEST(http::invoke(r, {http::method::get, "/echo"}).status == 404u);
    BOOST_TEST(http::invoke(r, {http::method::delete_, "/tools/echo"}).status == 405u);

    http::router root;
    handlers::mount_form_echo(root, "");
    BOOST_TEST(http::invoke(root, {http::method::post, "/", "a=1", with_headers({{"Content-Type", "application/x-www-form-urlencoded"}})}).status == 200u);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// The echo served on an ephemeral port, with a small body limit for the 413 case.
live_http_server served() {
    auto options = live_http_server::quiet_options();
    options.max_body_bytes = 64 * 1024;
    return live_http_server(echo_routes(), options, 2);
}

http_reply exchange(std::uint16_t port, std::string_view request) {
    tcp_client c{port};
    c.send(request);
    return parse_http_reply(c.receive_http_response());
}

std::string http_post(std::string_view content_type, std::string_view body, std::string_view extra_headers = {}) {
    return fmt::format("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: {}\r\nContent-Length: {}\r\n{}\r\n{}",
                       content_type, body.size(), extra_headers, body);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(over_sockets)

BOOST_AUTO_TEST_CASE(urlencoded_post) {
    auto s = served();
    auto reply = exchange(s.port(), http_post("application/x-www-form-urlencoded", "username=hello&pass=hello"));
    BOOST_TEST(reply.status == 200u);
    auto echo = parse_object(reply.body);
    BOOST_TEST(pairs(echo.at("body").at("fields")) == "username=hello;pass=hello");
    BOOST_TEST(pairs(echo.at("headers")).find("Host=t") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(multipart_upload_as_html) {
    auto s = served();
    const std::string file = binary_payload(20'000);
    auto reply = exchange(s.port(), http_post(multipart_type(), multipart_body(file), "Accept: text/html\r\n"));
    BOOST_TEST(reply.status == 200u);
    BOOST_TEST(reply.header("Content-Type").starts_with("text/html"));
    BOOST_TEST(reply.body.find(fmt::format("<td>file</td><td>data;1.bin</td><td>{}</td>", file.size())) != std::string::npos);
    BOOST_TEST(reply.body.find(sha256_hex(file)) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(invalid_json_is_400) {
    auto s = served();
    auto reply = exchange(s.port(), http_post("application/json", "{nope}"));
    BOOST_TEST(reply.status == 400u);
    BOOST_TEST(json::value_to<std::string>(parse_object(reply.body).at("error")).starts_with("invalid JSON"));
}

BOOST_AUTO_TEST_CASE(body_over_the_server_limit_is_413) {
    auto s = served();
    auto reply = exchange(s.port(), http_post("application/octet-stream", std::string(64 * 1024 + 1, 'x')));
    BOOST_TEST(reply.status == 413u);
}

#ifdef CORONET_CURL_BIN

BOOST_AUTO_TEST_CASE(curl_multipart_upload) {
    auto s = served();
    const std::string bytes = binary_payload(40'000);
    temp_directory directory;
    const auto file = directory.path() / "upload.bin";
    write_file(file, bytes);
    child_process curl{{CORONET_CURL_BIN, "-s", "-F", "username=hello", "-F", "file=@" + file.string(), s.url("/echo")}};
    auto output = curl.read_all();
    BOOST_TEST(curl.wait_exit().value_or(-1) == 0);
    auto body = parse_object(output).at("body");
    BOOST_TEST(body.at("kind").as_string() == "multipart");
    BOOST_TEST(pairs(body.at("fields")) == "username=hello");
    const auto& files = body.at("files").as_array();
    BOOST_REQUIRE(files.size() == 1u);
    BOOST_TEST(files[0].at("name").as_string() == "file");
    BOOST_TEST(files[0].at("filename").as_string() == "upload.bin");
    BOOST_TEST(files[0].at("size").as_int64() == static_cast<std::int64_t>(bytes.size()));
    BOOST_TEST(files[0].at("sha256").as_string() == sha256_hex(bytes));
}

BOOST_AUTO_TEST_CASE(curl_urlencoded_post) {
    auto s = served();
    child_process curl{{CORONET_CURL_BIN, "-s", "--data", "username=hello&pass=hello", s.url("/echo")}};
    auto echo = parse_object(curl.read_all());
    BOOST_TEST(curl.wait_exit().value_or(-1) == 0);
    BOOST_TEST(echo.at("method").as_string() == "POST");
    BOOST_TEST(echo.at("body").at("kind").as_string() == "urlencoded");
    BOOST_TEST(pairs(echo.at("body").at("fields")) == "username=hello;pass=hello");
}

BOOST_AUTO_TEST_CASE(curl_get_with_query) {
    auto s = served();
    child_process curl{{CORONET_CURL_BIN, "-s", "-G", "--data-urlencode", "q=a b&c", s.url("/echo")}};
    auto echo = parse_object(curl.read_all());
    BOOST_TEST(curl.wait_exit().value_or(-1) == 0);
    BOOST_TEST(echo.at("method").as_string() == "GET");
    BOOST_TEST(pairs(echo.at("query")) == "q=a b&c");
}

#else

BOOST_AUTO_TEST_CASE(curl_cases_need_curl) { BOOST_TEST_MESSAGE("curl was not found at configure time: curl cases skipped"); }

#endif

BOOST_AUTO_TEST_SUITE_END()
