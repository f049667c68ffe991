#include <boost/test/unit_test.hpp>

#include <dirent.h>
#include <poll.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <fmt/format.h>

#include <coronet/udp/server.hpp>

#include "support/test_support.hpp"

using namespace coronet;
using namespace coronet::testing;
namespace asio = boost::asio;
using udp_socket = asio::ip::udp::socket;
using udp_endpoint = asio::ip::udp::endpoint;
using clock_type = std::chrono::steady_clock;

namespace {

runtime_options two_threads() { return {.threads = 2, .handle_signals = false}; }

udp_endpoint loopback(std::uint16_t port) { return {asio::ip::make_address("127.0.0.1"), port}; }

// A blocking UDP socket of the test's own, whose receives have a deadline.
class udp_peer {
public:
    explicit udp_peer(std::string_view address = "127.0.0.1") : socket_(ctx_, {asio::ip::make_address(address), 0}) {}
    void send(std::uint16_t port, std::string_view data) { socket_.send_to(asio::buffer(data), loopback(port)); }
    std::optional<std::string> receive(std::chrono::milliseconds limit = 2s, udp_endpoint* from = nullptr) {
        pollfd p{socket_.native_handle(), POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(limit.count())) <= 0) return std::nullopt;
        std::string buf(65536, '\0');
        udp_endpoint sender;
        std::size_t n = socket_.receive_from(asio::buffer(buf), sender);
        if (from) *from = sender;
        buf.resize(n);
        return buf;
    }
    udp_endpoint local() const { return socket_.local_endpoint(); }

private:
    asio::io_context ctx_;
    udp_socket socket_;
};

// Asks until a reply comes (a flood may still fill the server's queue): each try has its own deadline.
std::optional<std::string> ask_until_answered(udp_peer& peer, std::uint16_t port, std::string_view question,
                                              std::chrono::milliseconds limit = 5s) {
    auto deadline = clock_type::now() + limit;
    while (clock_type::now() < deadline) {
        peer.send(port, question);
        if (auto reply = peer.receive(300ms)) return reply;
    }
    return std::nullopt;
}

// The server's socket, found among our own descriptors by its bound port: the option
// check reads the real socket, not the server's idea of it.
int find_udp_socket(std::uint16_t port) {
    DIR* dir = ::opendir("/proc/self/fd");
    if (!dir) return -1;
    int found = -1;
    while (auto* entry = ::readdir(dir)) {
        int fd = std::atoi(entry->d_name);
        if (fd <= 2 || fd == ::dirfd(dir)) continue;
        int type = 0;
        socklen_t type_len = sizeof type;
        if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &type_len) != 0 || type != SOCK_DGRAM) continue;
        sockaddr_storage addr{};
        socklen_t addr_len = sizeof addr;
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &addr_len) != 0 || addr.ss_family != AF_INET) continue;
        if (ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port) == port) found = fd;
    }
    ::closedir(dir);
    return found;
}

int so_broadcast(int fd) {
    int value = -1;
    socklen_t len = sizeof value;
    ::getsockopt(fd, SOL_SOCKET, SO_BROADCAST, &value, &len);
    return value;
}

task<void> echo(udp::datagram d) {
    std::string reply = "echo:" + std::string(d.payload());
    co_await d.reply(reply);
}

// Runs `t` on the runtime's context `index` and waits for it, up to `limit`.
void run_on(runtime& rt, std::size_t index, task<void> t, std::chrono::milliseconds limit = 2s) {
    auto done = asio::co_spawn(rt.context(index), std::move(t), asio::use_future);
    BOOST_REQUIRE(done.wait_for(limit) == std::future_status::ready);
    done.get();
}

}  // namespace

BOOST_AUTO_TEST_CASE(round_trip_reaches_the_sender) {
    runtime rt{two_threads()};
    udp::server srv{rt, {}, echo};
    BOOST_TEST(srv.port() != 0);
    background_runtime bg{rt};

    BOOST_TEST(udp_exchange(srv.port(), "hello").value_or("<none>") == "echo:hello");

    // Two clients at once: each reply goes back to its own sender, from the server's port.
    udp_peer a, b;
    a.send(srv.port(), "from a");
    b.send(srv.port(), "from b");
    udp_endpoint from;
    BOOST_TEST(a.receive(2s, &from).value_or("<none>") == "echo:from a");
    BOOST_TEST(from == srv.local_endpoint());
    BOOST_TEST(b.receive().value_or("<none>") == "echo:from b");
    BOOST_TEST(wait_until([&] { return srv.received() == 3; }));
}

BOOST_AUTO_TEST_CASE(the_handler_sees_the_real_sender) {
    runtime rt{two_threads()};
    udp::server srv{rt, {}, [](udp::datagram d) -> task<void> {
        co_await d.reply(d.sender().address().to_string() + ":" + std::to_string(d.sender().port()));
    }};
    background_runtime bg{rt};
    udp_peer peer;
    peer.send(srv.port(), "who am i");
    BOOST_TEST(peer.receive().value_or("<none>") == "127.0.0.1:" + std::to_string(peer.local().port()));
}

BOOST_AUTO_TEST_CASE(a_flood_stays_bounded_and_the_server_still_answers) {
    constexpr std::size_t max_in_flight = 8;
    constexpr int senders = 4;
    constexpr int per_sender = 5'000;
    runtime rt{two_threads()};
    udp::server_options o;
    o.max_in_flight = max_in_flight;
    udp::server srv{rt, o, [](udp::datagram d) -> task<void> {
        if (d.payload() == "ping") {
            co_await d.reply("pong");
            co_return;
        }
        // Slow-ish work: the flood arrives much faster than it is handled.
        asio::steady_timer work{co_await asio::this_coro::executor, 1ms};
        co_await work.async_wait(asio::use_awaitable);
    }};
    background_runtime bg{rt};

    std::atomic<bool> sampling{true};
    std::atomic<std::size_t> most{0};
    std::atomic<std::size_t> samples{0};
    std::thread sampler([&] {
        while (sampling) {
            most = std::max(most.load(), srv.in_flight());
            ++samples;
            std::this_thread::sleep_for(20us);
        }
    });

    std::vector<std::unique_ptr<udp_peer>> flooders;
    for (int i = 0; i < senders; ++i) flooders.push_back(std::make_unique<udp_peer>());
    auto start = clock_type::now();
    std::string payload(200, 'f');
    for (int n = 0; n < per_sender; ++n)
        for (auto& f : flooders) f->send(srv.port(), payload);
    BOOST_TEST((clock_type::now() - start < 5s));

    udp_peer asker;
    BOOST_TEST(ask_until_answered(asker, srv.port(), "ping").value_or("<none>") == "pong");
    BOOST_TEST(wait_until([&] { return srv.in_flight() == 0; }));
    sampling = false;
    sampler.join();

    BOOST_TEST_MESSAGE("received " << srv.received() << " of " << senders * per_sender << ", most in flight "
                                   << most.load() << " over " << samples.load() << " samples");
    BOOST_TEST(most.load() <= max_in_flight);
    BOOST_TEST(most.load() >= 1u);
    BOOST_TEST(srv.received() > max_in_flight);
    BOOST_TEST(srv.received() <= static_cast<std::size_t>(senders * per_sender) + 10);
}

BOOST_AUTO_TEST_CASE(an_oversize_datagram_arrives_cut_with_its_real_size) {
    runtime rt{two_threads()};
    udp::server_options o;
    o.max_datagram = 100;
    udp::server srv{rt, o, [](udp::datagram d) -> task<void> {
        co_await d.reply(fmt::format("{} {} {}|{}", d.truncated(), d.wire_size(), d.payload().size(), d.payload()));
    }};
    udp::server roomy{rt, {}, [](udp::datagram d) -> task<void> {
        co_await d.reply(fmt::format("{} {} {}", d.truncated(), d.wire_size(), d.payload().find_first_not_of('w')));
    }};
    background_runtime bg{rt};

    std::string big(1000, '\0');
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('A' + i % 26);
    BOOST_TEST(udp_exchange(srv.port(), big).value_or("<none>") == "true 1000 100|" + big.substr(0, 100));
    BOOST_TEST(udp_exchange(srv.port(), big.substr(0, 100)).value_or("<none>") == "false 100 100|" + big.substr(0, 100));
    BOOST_TEST(udp_exchange(srv.port(), "").value_or("<none>") == "false 0 0|");

    // The largest UDP datagram over IPv4 fits the default limit whole.
    BOOST_TEST(udp_exchange(roomy.port(), std::string(65'507, 'w')).value_or("<none>") ==
               fmt::format("false 65507 {}", std::string::npos));
}

BOOST_AUTO_TEST_CASE(utf8_payload_round_trips_byte_exact) {
    runtime rt{two_threads()};
    udp::server srv{rt, {}, [](udp::datagram d) -> task<void> {
        // The payload back with its byte count: no transcoding or cutting on the way.
        co_await d.reply(std::string(d.payload()) + " | " + std::to_string(d.payload().size()));
    }};
    background_runtime bg{rt};
    const std::string text = "你好，世界！协程网络框架 — ünïcödé 🚀";
    auto reply = udp_exchange(srv.port(), text);
    BOOST_TEST_REQUIRE(reply.has_value());
    BOOST_TEST(*reply == text + " | " + std::to_string(text.size()));
    BOOST_TEST(text.size() > std::string_view("你好，世界！协程网络框架").size());
}

BOOST_AUTO_TEST_CASE(a_throwing_handler_does_not_stop_the_service) {
    runtime rt{two_threads()};
    udp::server_options o;
    o.max_in_flight = 2;    // leaked slots would show at once
    udp::server srv{rt, o, [](udp::datagram d) -> task<void> {
        if (d.payload() == "boom") throw std::runtime_error("handler blew up");
        if (d.payload() == "bang") throw 42;    // not even a std::exception
        co_await d.reply("ok:" + std::string(d.payload()));
    }};
    background_runtime bg{rt};

    udp_peer peer;
    for (int i = 0; i < 5; ++i) {
        peer.send(srv.port(), "boom");
        peer.send(srv.port(), "bang");
    }
    BOOST_TEST(ask_until_answered(peer, srv.port(), "alive").value_or("<none>") == "ok:alive");
    BOOST_TEST(wait_until([&] { return srv.in_flight() == 0; }));
    BOOST_TEST(srv.received() >= 11u);
}

BOOST_AUTO_TEST_CASE(send_to_sends_from_the_server_socket) {
    runtime rt{two_threads()};
    udp::server srv{rt, {}, echo};
    background_runtime bg{rt};
    udp_peer peer;

    // From the socket's own context, from another context of the runtime, and from a foreign one.
    run_on(rt, 0, srv.send_to(peer.local(), "pushed from 0"));
    udp_endpoint from;
    BOOST_TEST(peer.receive(2s, &from).value_or("<none>") == "pushed from 0");
    BOOST_TEST(from == srv.local_endpoint());

    run_on(rt, 1, srv.send_to(peer.local(), "pushed from 1"));
    BOOST_TEST(peer.receive().value_or("<none>") == "pushed from 1");

    asio::io_context foreign;
    auto done = asio::co_spawn(foreign, srv.send_to(peer.local(), "pushed from elsewhere"), asio::use_future);
    foreign.run_for(2s);
    BOOST_TEST_REQUIRE((done.wait_for(0s) == std::future_status::ready));
    done.get();
    BOOST_TEST(peer.receive().value_or("<none>") == "pushed from elsewhere");

    // From a handler, to someone other than the sender.
    udp_peer listener;
    udp::server relay{rt, {}, [&srv, to = listener.local()](udp::datagram d) -> task<void> {
        co_await srv.send_to(to, "relayed:" + std::string(d.payload()));
    }};
    peer.send(relay.port(), "psst");
    BOOST_TEST(listener.receive().value_or("<none>") == "relayed:psst");
}

BOOST_AUTO_TEST_CASE(broadcast_option_sets_so_broadcast) {
    runtime rt{two_threads()};
    udp::server_options o;
    o.broadcast = true;
    udp::server loud{rt, o, echo};
    udp::server quiet{rt, {}, echo};
    int loud_fd = find_udp_socket(loud.port());
    int quiet_fd = find_udp_socket(quiet.port());
    BOOST_TEST_REQUIRE(loud_fd >= 0);
    BOOST_TEST_REQUIRE(quiet_fd >= 0);
    BOOST_TEST(so_broadcast(loud_fd) != 0);
    BOOST_TEST(so_broadcast(quiet_fd) == 0);
    background_runtime bg{rt};

    udp_peer peer;
    run_on(rt, 0, loud.send_to(peer.local(), "plain"));
    BOOST_TEST(peer.receive().value_or("<none>") == "plain");
    BOOST_TEST(udp_exchange(loud.port(), "still a server").value_or("<none>") == "echo:still a server");

    // 127.255.255.255 is the loopback network's broadcast address (routed on lo only):
    // allowed with the option, refused by the kernel without it.
    udp_peer any{"0.0.0.0"};
    udp_endpoint lo_broadcast{asio::ip::make_address("127.255.255.255"), any.local().port()};
    run_on(rt, 0, loud.send_to(lo_broadcast, "to all on lo"));
    BOOST_TEST(any.receive().value_or("<none>") == "to all on lo");
    BOOST_CHECK_THROW(run_on(rt, 0, quiet.send_to(lo_broadcast, "refused")), boost::system::system_error);
}

BOOST_AUTO_TEST_CASE(a_taken_port_is_refused) {
    runtime rt{two_threads()};
    udp::server first{rt, {}, echo};
    udp::server_options same;
    same.port = first.port();
    // A second instance must fail loudly, not bind beside the first and take its datagrams.
    BOOST_CHECK_THROW((udp::server{rt, same, echo}), boost::system::system_error);
    background_runtime bg{rt};
    BOOST_TEST(udp_exchange(first.port(), "mine").value_or("<none>") == "echo:mine");
}

BOOST_AUTO_TEST_CASE(reuse_port_lets_two_servers_share_a_port) {
    runtime rt{two_threads()};
    udp::server_options o;
    o.reuse_port = true;
    udp::server first{rt, o, [](udp::datagram d) -> task<void> { co_await d.reply("first"); }};
    o.port = first.port();
    udp::server second{rt, o, [](udp::datagram d) -> task<void> { co_await d.reply("second"); }};
    BOOST_TEST(second.port() == first.port());
    udp::server_options plain;
    plain.port = first.port();
    BOOST_CHECK_THROW((udp::server{rt, plain, echo}), boost::system::system_error);
    background_runtime bg{rt};

    // The kernel picks one of them per sender: each sender is answered by one.
    for (int i = 0; i < 10; ++i) {
        auto reply = udp_exchange(first.port(), "who?");
        BOOST_TEST((reply == "first" || reply == "second"));
    }
    BOOST_TEST(first.received() + second.received() == 10u);
}

// The responder kind (coronet/udp/responder.hpp): a plain function from datagram to reply.

namespace {

std::optional<std::string> echo_now(const udp::datagram_view& d) { return "echo:" + std::string(d.payload()); }

std::size_t count_of(std::string_view text, std::string_view piece) {
    std::size_t n = 0;
    for (auto at = text.find(piece); at != std::string_view::npos; at = text.find(piece, at + piece.size())) ++n;
    return n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_responder_answers_each_sender_from_the_server_port) {
    runtime rt{two_threads()};
    udp::server srv{rt, {}, echo_now};
    background_runtime bg{rt};

    BOOST_TEST(udp_exchange(srv.port(), "hello").value_or("<none>") == "echo:hello");
    udp_peer a, b;
    udp_endpoint from;
    // Many at once: they arrive together and are read in batches; each reply finds its sender.
    for (int i = 0; i < 100; ++i) {
        a.send(srv.port(), fmt::format("a{}", i));
        b.send(srv.port(), fmt::format("b{}", i));
    }
    for (int i = 0; i < 100; ++i) {
        BOOST_TEST(a.receive(2s, &from).value_or("<none>") == fmt::format("echo:a{}", i));
        BOOST_TEST(from == srv.local_endpoint());
        BOOST_TEST(b.receive().value_or("<none>") == fmt::format("echo:b{}", i));
    }
    BOOST_TEST(wait_until([&] { return srv.received() == 201 && srv.in_flight() == 0; }));
}

BOOST_AUTO_TEST_CASE(a_responder_sees_the_sender_and_may_stay_silent) {
    runtime rt{two_threads()};
    udp::server srv{rt, {}, [](const udp::datagram_view& d) -> std::optional<std::string> {
        if (d.payload() == "quiet") return std::nullopt;
        if (d.payload() == "empty") return std::string();
        return d.sender().address().to_string() + ":" + std::to_string(d.sender().port());
    }};
    background_runtime bg{rt};
    udp_peer peer;
    // Replies leave in order: had "quiet" been answered, its reply would come first.
    peer.send(srv.port(), "quiet");
    peer.send(srv.port(), "empty");
    peer.send(srv.port(), "who am i");
    BOOST_TEST(peer.receive().value_or("<none>") == "");   // an empty datagram is a reply too
    BOOST_TEST(peer.receive().value_or("<none>") == "127.0.0.1:" + std::to_string(peer.local().port()));
    BOOST_TEST(srv.received() == 3u);
}

BOOST_AUTO_TEST_CASE(a_throwing_responder_is_logged_and_the_service_goes_on) {
    captured_log captured;
    runtime rt{two_threads()};
    udp::server srv{rt, {.log = &captured.log}, [](const udp::datagram_view& d) -> std::optional<std::string> {
        if (d.payload() == "boom") throw std::runtime_error("responder blew up");
        if (d.payload() == "bang") throw 42;    // not even a std::exception
        return "ok:" + std::string(d.payload());
    }};
    background_runtime bg{rt};

    udp_peer peer;
    for (int i = 0; i < 5; ++i) {
        peer.send(srv.port(), "boom");
        peer.send(srv.port(), "bang");
    }
    peer.send(srv.port(), "alive");
    // The throws gave no reply: the first to come is the last request's.
    BOOST_TEST(peer.receive().value_or("<none>") == "ok:alive");
    auto logged = captured.text();
    BOOST_TEST(count_of(logged, "handler failed: responder blew up") == 5u, logged);
    BOOST_TEST(count_of(logged, "handler failed: unknown exception") == 5u, logged);
    BOOST_TEST(wait_until([&] { return srv.in_flight() == 0; }));
}

BOOST_AUTO_TEST_CASE(a_reply_the_kernel_refuses_is_logged_and_dropped) {
    captured_log captured;
    runtime rt{two_threads()};
    udp::server srv{rt, {.log = &captured.log}, [](const udp::datagram_view& d) -> std::optional<std::string> {
        if (d.payload() == "huge") return std::string(70'000, 'h');   // over UDP's 65,507
        return "ok:" + std::string(d.payload());
    }};
    background_runtime bg{rt};
    udp_peer peer;
    peer.send(srv.port(), "before");
    peer.send(srv.port(), "huge");
    peer.send(srv.port(), "after");
    BOOST_TEST(peer.receive().value_or("<none>") == "ok:before");
    BOOST_TEST(peer.receive().value_or("<none>") == "ok:after");
    auto logged = captured.text();
    BOOST_TEST(count_of(logged, "not sent: Message too long") == 1u, logged);
}

BOOST_AUTO_TEST_CASE(a_responder_sees_an_oversize_datagram_cut_with_its_real_size) {
    runtime rt{two_threads()};
    auto describe = [](const udp::datagram_view& d) -> std::optional<std::string> {
        return fmt::format("{} {} {}|{}", d.truncated(), d.wire_size(), d.payload().size(), d.payload());
    };
    udp::server small{rt, {.max_datagram = 100}, describe};
    udp::server roomy{rt, {}, [](const udp::datagram_view& d) -> std::optional<std::string> {
        return fmt::format("{} {} {}", d.truncated(), d.wire_size(), d.payload().find_first_not_of('w'));
    }};
    background_runtime bg{rt};

    std::string big(1000, '\0');
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('A' + i % 26);
    BOOST_TEST(udp_exchange(small.port(), big).value_or("<none>") == "true 1000 100|" + big.substr(0, 100));
    BOOST_TEST(udp_exchange(small.port(), big.substr(0, 100)).value_or("<none>") == "false 100 100|" + big.substr(0, 100));
    BOOST_TEST(udp_exchange(small.port(), "").value_or("<none>") == "false 0 0|");
    // Cut and whole ones in one batch: each keeps its own size, and no slot spills into the next.
    udp_peer peer;
    peer.send(small.port(), big);
    peer.send(small.port(), "short");
    peer.send(small.port(), big.substr(500));
    BOOST_TEST(peer.receive().value_or("<none>") == "true 1000 100|" + big.substr(0, 100));
    BOOST_TEST(peer.receive().value_or("<none>") == "false 5 5|short");
    BOOST_TEST(peer.receive().value_or("<none>") == "true 500 100|" + big.substr(500, 100));
    BOOST_TEST(udp_exchange(roomy.port(), std::string(65'507, 'w')).value_or("<none>") ==
               fmt::format("false 65507 {}", std::string::npos));
}

BOOST_AUTO_TEST_CASE(a_flood_on_a_responder_does_not_starve_its_context) {
    // Both servers read on the runtime's first context. The flood outpaces the slow responder,
    // so its socket is never empty: only the loop's yields let the other server answer.
    runtime rt{two_threads()};
    udp::server flooded{rt, {}, [](const udp::datagram_view&) -> std::optional<std::string> {
        auto until = clock_type::now() + 200us;
        while (clock_type::now() < until) {}
        return std::nullopt;
    }};
    udp::server other{rt, {}, echo_now};
    background_runtime bg{rt};

    std::atomic<bool> flooding{true};
    std::thread flooder([&] {
        udp_peer f;
        auto stop = clock_type::now() + 5s;
        while (flooding && clock_type::now() < stop)
            for (int i = 0; i < 100; ++i) f.send(flooded.port(), "flood");
    });
    BOOST_TEST(wait_until([&] { return flooded.received() > 1000; }));
    udp_peer asker;
    auto asked = clock_type::now();
    auto reply = ask_until_answered(asker, other.port(), "still there?", 3s);
    auto waited = clock_type::now() - asked;
    bool still_flooding = flooding && flooded.received() > 0;
    flooding = false;
    flooder.join();
    BOOST_TEST(reply.value_or("<none>") == "echo:still there?");
    BOOST_TEST(still_flooding);
    BOOST_TEST_MESSAGE("answered beside a flood after "
                       << std::chrono::duration_cast<std::chrono::milliseconds>(waited).count() << " ms; "
                       << flooded.received() << " flood datagrams read");
}

BOOST_AUTO_TEST_CASE(draining_lets_the_reply_being_made_go_out_then_stops_reading) {
    runtime rt{{.threads = 1, .grace_period = 5s, .handle_signals = false}};
    std::promise<void> entered, release;
    auto released = release.get_future().share();
    std::atomic<bool> first{true};
    udp::server srv{rt, {}, [&](const udp::datagram_view& d) -> std::optional<std::string> {
        if (d.payload() == "slow" && first.exchange(false)) {
            entered.set_value();
            released.wait_for(5s);   // the test's thread starts the drain meanwhile
        }
        return "done:" + std::string(d.payload());
    }};
    background_runtime bg{rt};
    udp_peer peer;
    peer.send(srv.port(), "slow");
    BOOST_TEST_REQUIRE((entered.get_future().wait_for(5s) == std::future_status::ready));
    BOOST_TEST(srv.in_flight() == 1u);
    rt.shutdown();   // reaches the loop once the responder returns
    release.set_value();

    BOOST_TEST(peer.receive().value_or("<none>") == "done:slow");
    BOOST_TEST(bg.wait_stopped(5s));
    BOOST_TEST(srv.in_flight() == 0u);
    // Stopped reading: a datagram sent now gets no answer.
    udp_peer after;
    after.send(srv.port(), "anyone?");
    BOOST_TEST(!after.receive(300ms).has_value());
}

BOOST_AUTO_TEST_CASE(a_server_needs_a_handler) {
    runtime rt{two_threads()};
    BOOST_CHECK_THROW((udp::server{rt, {}, udp::responder{}}), std::invalid_argument);
    BOOST_CHECK_THROW((udp::server{rt, {}, udp::datagram_handler{}}), std::invalid_argument);
}
