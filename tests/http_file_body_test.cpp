// File bodies (http::file_body): sent by a real server with sendfile over loopback, and read
// back by http::read_body without one.
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <stdexcept>
#include <string>

#include <coronet/http/file_body.hpp>
#include <coronet/http/server.hpp>
#include <coronet/http/testing.hpp>
#include <coronet/log.hpp>

#include "support/test_support.hpp"

using namespace coronet;
using namespace coronet::testing;

namespace {

// Larger than loopback's socket buffers, so the server has to wait for the client to read.
constexpr std::size_t big_size = 8 * 1024 * 1024;

std::string pattern(std::size_t size) {
    std::string out(size, '\0');
    for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<char>((i * 13 + i / 509) & 0xff);
    return out;
}

// A file holding `content` in a temp directory, open for reading: the descriptor is what
// responses share.
class temp_file {
public:
    explicit temp_file(const std::string& content) {
        write_file(directory_.path() / "content", content);
        fd_ = ::open((directory_.path() / "content").c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) throw std::runtime_error("cannot open the temp file");
    }
    ~temp_file() { ::close(fd_); }
    temp_file(const temp_file&) = delete;
    temp_file& operator=(const temp_file&) = delete;
    int fd() const { return fd_; }

private:
    temp_directory directory_;
    int fd_;
};

struct fixture {
    fixture() : content(pattern(big_size)), file(content), web(routes(), options()) {}

    http::server_options options() {
        return {.write_timeout = std::chrono::milliseconds(300), .access_log = false, .log = &captured.log};
    }

    // /whole: the file; /part: bytes 1000..1099; /longer: announces 100 bytes past its end.
    http::router routes() {
        http::router r;
        auto body = [this](std::uint64_t offset, std::uint64_t length) {
            return http::from_file("application/octet-stream", {owner, file.fd(), offset, length});
        };
        r.get("/whole", [body](http::request&) -> task<http::response> { co_return body(0, big_size); });
        r.get("/part", [body](http::request&) -> task<http::response> { co_return body(1000, 100); });
        r.get("/longer", [body](http::request&) -> task<http::response> { co_return body(big_size - 50, 150); });
        return r;
    }

    std::string content;
    temp_file file;
    std::shared_ptr<const int> owner = std::make_shared<const int>(0);   // stands for the handler's handle
    captured_log captured{log_level::warn};
    live_http_server web;
};

http_reply get(tcp_client& client, std::string_view target, std::string_view method = "GET") {
    client.send(std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: t\r\n\r\n");
    return parse_http_reply(method == "HEAD" ? client.receive_http_head(10s) : client.receive_http_response(10s));
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(over_a_socket, fixture)

BOOST_AUTO_TEST_CASE(a_file_and_a_part_of_it_arrive_whole_on_one_connection) {
    tcp_client client(web.port());
    auto whole = get(client, "/whole");
    BOOST_TEST(whole.status == 200u);
    BOOST_TEST(whole.header("Content-Length") == std::to_string(big_size));
    BOOST_TEST((whole.body == content));
    auto part = get(client, "/part");
    BOOST_TEST(part.status == 200u);
    BOOST_TEST((part.body == content.substr(1000, 100)));
}

BOOST_AUTO_TEST_CASE(head_announces_the_length_and_sends_no_body) {
    tcp_client client(web.port());
    auto head = get(client, "/whole", "HEAD");
    BOOST_TEST(head.status == 200u);
    BOOST_TEST(head.header("Content-Length") == std::to_string(big_size));
    BOOST_TEST(head.body.empty());
    BOOST_TEST(get(client, "/part").body == content.substr(1000, 100));    // the connection carries on
}

// The file holds less than the response announced: the connection is closed after what there
// is (the client sees a short body), it is logged once, and the server carries on.
BOOST_AUTO_TEST_CASE(a_file_shorter_than_announced_closes_the_connection) {
    tcp_client client(web.port());
    client.send("GET /longer HTTP/1.1\r\nHost: t\r\n\r\n");
    auto got = client.receive_all(5s);
    BOOST_TEST(got.find("Content-Length: 150\r\n") != std::string::npos);
    BOOST_TEST(got.ends_with(content.substr(big_size - 50)));
    BOOST_TEST(wait_until([&] { return captured.text().find("the file ended after 50 of 150 bytes") != std::string::npos; }));
    auto text = captured.text();
    BOOST_TEST(text.find("the file ended") == text.rfind("the file ended"));
    tcp_client next(web.port());
    BOOST_TEST(get(next, "/part").status == 200u);
}

// A client that closes in the middle of a body (EPIPE, or SIGPIPE without care) costs only its
// own connection.
BOOST_AUTO_TEST_CASE(a_client_gone_mid_body_leaves_the_server_serving) {
    {
        tcp_client quitter(web.port());
        quitter.send("GET /whole HTTP/1.1\r\nHost: t\r\n\r\n");
        auto start = quitter.receive(5s, [](std::string_view t) { return t.size() > 100'000; });
        BOOST_TEST(start.starts_with("HTTP/1.1 200 OK"));
    }
    BOOST_TEST(wait_until([&] { return web.server().connections() == 0; }, 5s));
    tcp_client next(web.port());
    BOOST_TEST(get(next, "/part").body == content.substr(1000, 100));
}

// write_timeout counts time without progress: a client that stops reading is cut off.
BOOST_AUTO_TEST_CASE(a_client_that_stops_reading_is_cut_after_write_timeout) {
    tcp_client stalled(web.port());
    int small = 4096;
    ::setsockopt(stalled.fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    stalled.send("GET /whole HTTP/1.1\r\nHost: t\r\n\r\n");
    auto head = stalled.receive(2s, [](std::string_view t) { return t.size() > 1000; });
    BOOST_TEST(head.starts_with("HTTP/1.1 200 OK"));
    BOOST_TEST(wait_until([&] { return web.server().connections() == 0; }, 5s));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(read_body_collects_a_file_body_without_a_server) {
    temp_file file("0123456789");
    http::router r;
    r.get("/f", [&file](http::request&) -> task<http::response> {
        co_return http::from_file("text/plain", {nullptr, file.fd(), 2, 5});
    });
    auto res = http::invoke(r, {http::method::get, "/f"});
    BOOST_TEST(res.headers.get("Content-Type") == "text/plain");
    BOOST_TEST(http::read_body(res) == "23456");
    BOOST_TEST(!res.file);
    BOOST_TEST(http::read_file_body({nullptr, file.fd(), 8, 5}) == "89");    // cut where the file ends
}
