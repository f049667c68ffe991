// Ten thousand connections opened and left idle: the server keeps to its connection limit,
// tells the ones beyond it no (503 or a close), stays responsive, and serves a new client as
// soon as a place frees up. (The "10,000 idle connections" attack of docs/reliability.md.)
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include <coronet/http/router.hpp>
#include <coronet/http/server.hpp>

#include "support/test_support.hpp"

using namespace coronet;
using namespace coronet::testing;

namespace {

// Raw sockets, not tcp_client: each of those has an io_context (an epoll and an eventfd), and
// ten thousand of them would take the descriptors the test is about.
class idle_connections {
public:
    ~idle_connections() {
        for (int fd : fds_) ::close(fd);
    }
    // Opens `count` connections to 127.0.0.1:port; false (with what was opened kept) on a failure.
    bool open(std::uint16_t port, std::size_t count) {
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(port);
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        for (std::size_t i = 0; i < count; ++i) {
            int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (fd < 0) return false;
            if (::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
                ::close(fd);
                return false;
            }
            fds_.push_back(fd);
        }
        return true;
    }
    // What connection i has been sent within `limit` ("" if nothing; it ends at the first read).
    std::string first_bytes(std::size_t i, std::chrono::milliseconds limit) const {
        pollfd p{fds_[i], POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(limit.count())) <= 0) return {};
        char buffer[64];
        auto n = ::recv(fds_[i], buffer, sizeof buffer, MSG_DONTWAIT);
        return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string("(closed)");
    }
    void close_first(std::size_t count) {
        for (std::size_t i = 0; i < count && i < fds_.size(); ++i) ::close(std::exchange(fds_[i], -1));
    }
    std::size_t size() const { return fds_.size(); }

private:
    std::vector<int> fds_;
};

// As many descriptors as the hard limit allows.
rlim_t raise_descriptor_limit() {
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    return limit.rlim_cur;
}

}  // namespace

BOOST_AUTO_TEST_CASE(ten_thousand_idle_connections_are_held_to_the_limit_and_new_clients_still_answered) {
    // Client and server share this process: 10,000 client ends plus the server's accepted ones.
    auto descriptors = raise_descriptor_limit();
    std::size_t clients = std::min<std::size_t>(10'000, static_cast<std::size_t>(descriptors) / 2);
    std::size_t limit = clients * 6 / 10;
    BOOST_TEST_MESSAGE(descriptors << " descriptors: " << clients << " connections, a limit of " << limit);
    BOOST_REQUIRE(clients >= 200);   // the mechanism, even where descriptors are scarce

    http::router routes;
    routes.get("/hello", [](http::request&) -> task<http::response> { co_return http::text("hello"); });
    auto options = live_http_server::quiet_options();
    options.max_connections = limit;
    options.idle_timeout = std::chrono::minutes(5);     // idle for the whole test
    options.header_timeout = std::chrono::minutes(5);
    live_http_server server{std::move(routes), options, 2};

    idle_connections idle;
    BOOST_REQUIRE(idle.open(server.port(), clients));
    BOOST_REQUIRE(wait_until([&] { return server.server().connections() == limit; }, 20s));

    // Those past the limit were told no: a 503, or (beyond the refusals in progress) a close.
    for (std::size_t i = clients - 50; i < clients; ++i) {
        auto seen = idle.first_bytes(i, 5s);
        BOOST_TEST((seen.starts_with("HTTP/1.1 503") || seen == "(closed)"), "connection " << i << ": " << seen);
    }
    BOOST_TEST(server.server().connections() == limit);   // never over it

    // A new client now: told no at once, not left waiting.
    {
        tcp_client late{server.port()};
        late.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n");
        auto answer = late.receive_all(5s);
        BOOST_TEST((answer.starts_with("HTTP/1.1 503") || answer.empty()), answer);
    }

    // Places free up: a new client is served.
    idle.close_first(limit / 10);
    BOOST_REQUIRE(wait_until([&] { return server.server().connections() < limit; }, 10s));
    tcp_client next{server.port()};
    next.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n");
    auto reply = parse_http_reply(next.receive_http_response(5s));
    BOOST_TEST(reply.body == "hello");
}
