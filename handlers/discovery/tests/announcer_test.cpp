// The announcer and the listener over this machine's loopback broadcast address
// (127.255.255.255: the kernel delivers it on lo only, so nothing leaves the machine).
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/ip/udp.hpp>

#include <coronet/handlers/announcement_listener.hpp>
#include <coronet/handlers/announcer.hpp>
#include <coronet/runtime.hpp>
#include <coronet/tcp/server.hpp>

#include "support/test_support.hpp"

using namespace coronet::handlers;
using namespace std::chrono_literals;
using heard_list = std::vector<heard_announcement>;

namespace {

const announcement service{"test-host", {{"svc", "http", 8080}, {"svc", "udp", 9000}}};

announcer_options on_loopback(std::uint16_t port) {
    return {.to = "127.255.255.255", .port = port, .every = 50ms};
}

auto at_least(std::size_t n) {
    return [n](const heard_list& heard) { return heard.size() >= n; };
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_listener_on_the_port_hears_the_announcement) {
    announcement_listener first({.port = 0});
    announcement_listener second({.port = first.port()});   // SO_REUSEPORT: both hear a broadcast
    coronet::runtime rt({.threads = 1, .handle_signals = false});
    announcer a(rt, on_loopback(first.port()), service);
    coronet::testing::background_runtime running(rt);

    auto heard = first.listen(5s, at_least(1));
    BOOST_REQUIRE(heard.size() == 1u);
    BOOST_TEST((heard[0].what == service));
    BOOST_TEST(heard[0].from.address().to_string() == "127.0.0.1");
    auto also = second.listen(5s, at_least(1));
    BOOST_REQUIRE(also.size() == 1u);
    BOOST_TEST((also[0].what == service));

    // Repeats (one every 50 ms) are one entry, not many: listen until three more were sent.
    auto before = a.sent();
    auto window = first.listen(5s, [&](const heard_list&) { return a.sent() >= before + 3; });
    BOOST_TEST(a.sent() >= before + 3);
    BOOST_TEST(window.size() == 1u);
}

BOOST_AUTO_TEST_CASE(stray_datagrams_on_the_port_are_ignored) {
    announcement_listener ears({.port = 0});
    boost::asio::io_context ctx;
    boost::asio::ip::udp::socket stray(ctx, boost::asio::ip::udp::v4());
    boost::asio::ip::udp::endpoint to(boost::asio::ip::make_address("127.0.0.1"), ears.port());
    stray.send_to(boost::asio::buffer(std::string("hello?")), to);
    stray.send_to(boost::asio::buffer(std::string(2000, 'x')), to);
    stray.send_to(boost::asio::buffer(std::string("coronet-announce 1\nhost h\nservice s http 99999\n")), to);

    coronet::runtime rt({.threads = 1, .handle_signals = false});
    announcer a(rt, on_loopback(ears.port()), service);
    coronet::testing::background_runtime running(rt);
    auto heard = ears.listen(5s, at_least(1));
    BOOST_REQUIRE(heard.size() == 1u);
    BOOST_TEST((heard[0].what == service));
    BOOST_TEST(ears.ignored() == 3u);
}

BOOST_AUTO_TEST_CASE(announcing_stops_when_the_drain_begins) {
    announcement_listener ears({.port = 0});
    coronet::runtime rt({.threads = 1, .grace_period = 10s, .handle_signals = false});
    announcer a(rt, on_loopback(ears.port()), service);
    // A connection whose handler is busy for two seconds keeps the runtime draining meanwhile,
    // so what follows shows the drain, not the end of the runtime, stopping the announcements.
    std::atomic<bool> busy{false};
    coronet::tcp::server slow{rt, {}, [&](coronet::tcp::connection&) -> coronet::task<void> {
        busy = true;
        boost::asio::steady_timer work{co_await boost::asio::this_coro::executor};
        work.expires_after(2s);
        co_await work.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    }};
    coronet::testing::background_runtime running(rt);
    coronet::testing::tcp_client client{slow.port()};
    BOOST_REQUIRE(coronet::testing::wait_until([&] { return busy.load(); }));
    BOOST_REQUIRE(ears.listen(5s, at_least(1)).size() == 1u);

    rt.shutdown();
    ears.listen(100ms);                       // what was sent before the drain, still queued
    auto sent = a.sent();
    BOOST_TEST(ears.listen(300ms).empty());   // then silence...
    BOOST_TEST(a.sent() == sent);             // ...because nothing was sent...
    BOOST_TEST(slow.connections() == 1u);     // ...while the runtime still drains
}

BOOST_AUTO_TEST_CASE(bad_options_are_refused_at_once) {
    coronet::runtime rt({.threads = 1, .handle_signals = false});
    BOOST_CHECK_THROW(announcer(rt, {.to = "not-an-address"}, service), std::invalid_argument);
    BOOST_CHECK_THROW(announcer(rt, {.to = "::1"}, service), std::invalid_argument);
    BOOST_CHECK_THROW(announcer(rt, {.every = 0ms}, service), std::invalid_argument);
    BOOST_CHECK_THROW(announcer(rt, {}, announcement{"h", {{"bad name", "http", 80}}}), std::invalid_argument);
}
