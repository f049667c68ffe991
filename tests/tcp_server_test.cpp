#include <boost/test/unit_test.hpp>

#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <coronet/tcp/server.hpp>

#include "support/test_support.hpp"

using namespace coronet;
using namespace coronet::testing;
namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

namespace {

runtime_options two_threads() { return {.threads = 2, .handle_signals = false}; }

tcp::server_options on_loopback() {
    tcp::server_options o;
    o.port = 0;
    return o;
}

// Echoes every byte until the client ends the stream.
task<void> echo(tcp::connection& c) {
    std::array<char, 4096> buf;
    for (;;) {
        std::size_t n = co_await c.read_some(asio::buffer(buf));
        if (n == 0) co_return;
        co_await c.write(asio::buffer(buf.data(), n));
    }
}

// Sends `message` and returns what came back once as many bytes arrived (or the deadline passed).
std::string round_trip(tcp_client& c, const std::string& message, std::chrono::milliseconds limit = 5s) {
    c.send(message);
    return c.receive(limit, [&](std::string_view got) { return got.size() >= message.size(); });
}

// Work posted to the runtime's contexts before this call has run when it returns.
// Two rounds, because work run in round one may post more (a drain posts to every context).
void settle(runtime& rt) {
    for (int round = 0; round < 2; ++round) {
        for (std::size_t i = 0; i < rt.size(); ++i) {
            auto done = std::make_shared<std::promise<void>>();
            auto ready = done->get_future();
            asio::post(rt.context(i), [done] { done->set_value(); });
            BOOST_REQUIRE(ready.wait_for(5s) == std::future_status::ready);
        }
    }
}

bool has_ipv6_loopback() {
    try {
        asio::io_context ctx;
        asio::ip::tcp::acceptor a{ctx, {asio::ip::make_address("::1"), 0}};
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(echoes_bytes) {
    runtime rt{two_threads()};
    tcp::server srv{rt, on_loopback(), echo};
    background_runtime bg{rt};
    tcp_client c{srv.port()};
    BOOST_TEST(round_trip(c, "hello") == "hello");
    // Bigger than one read: the echo comes back whole and in order.
    std::string big(100'000, '\0');
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
    BOOST_TEST((round_trip(c, big) == big));
}

BOOST_AUTO_TEST_CASE(port_zero_reports_the_real_port) {
    runtime rt{two_threads()};
    tcp::server srv{rt, on_loopback(), echo};
    BOOST_TEST(srv.port() != 0);
    BOOST_TEST(srv.local_endpoint().port() == srv.port());
    BOOST_TEST(srv.local_endpoint().address().to_string() == "127.0.0.1");
    background_runtime bg{rt};
    tcp_client c{srv.port()};
    BOOST_TEST(round_trip(c, "port") == "port");
}

BOOST_AUTO_TEST_CASE(many_concurrent_clients_each_get_their_own_echo) {
    constexpr std::size_t clients = 50;
    runtime rt{two_threads()};
    tcp::server srv{rt, on_loopback(), echo};
    background_runtime bg{rt};

    // All connected at once, then all talking at once, each from its own thread.
    std::vector<std::unique_ptr<tcp_client>> conns;
    for (std::size_t i = 0; i < clients; ++i) conns.push_back(std::make_unique<tcp_client>(srv.port()));
    BOOST_TEST(wait_until([&] { return srv.connections() == clients; }));

    std::atomic<std::size_t> good{0};
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < clients; ++i) {
        threads.emplace_back([&, i] {
            try {
                bool ok = true;
                for (int round = 0; round < 5; ++round) {
                    std::string message = "client " + std::to_string(i) + " round " + std::to_string(round) + ":" +
                                          std::string(1000 * (i % 7), static_cast<char>('a' + i % 26));
                    ok = ok && round_trip(*conns[i], message) == message;
                }
                if (ok) ++good;
            } catch (const std::exception&) {
            }
        });
    }
    for (auto& t : threads) t.join();
    BOOST_TEST(good.load() == clients);

    conns.clear();
    BOOST_TEST(wait_until([&] { return srv.connections() == 0; }));
}

BOOST_AUTO_TEST_CASE(client_close_is_end_of_stream) {
    record seen;
    runtime rt{two_threads()};
    tcp::server srv{rt, on_loopback(), [&](tcp::connection& c) -> task<void> {
        co_await echo(c);
        seen.add("eof");
        co_return;   // a normal return, not an exception
    }};
    background_runtime bg{rt};

    tcp_client half{srv.port()};
    BOOST_TEST(round_trip(half, "x") == "x");
    BOOST_TEST(srv.connections() == 1u);
    half.shutdown_send();
    BOOST_TEST(seen.wait_for("eof"));
    // The handler returned: the server ends its side too, and forgets the connection.
    BOOST_TEST(half.closed_within(5s));
    BOOST_TEST(wait_until([&] { return srv.connections() == 0; }));

    tcp_client full{srv.port()};
    BOOST_TEST(round_trip(full, "y") == "y");
    full.close();
    BOOST_TEST(seen.wait_for("eof", 2));
    BOOST_TEST(wait_until([&] { return srv.connections() == 0; }));
}

BOOST_AUTO_TEST_CASE(idle_timeout_closes_a_silent_connection) {
    record seen;
    runtime rt{two_threads()};
    auto o = on_loopback();
    o.idle_timeout = 150ms;
    tcp::server srv{rt, o, [&](tcp::connection& c) -> task<void> {
        co_await echo(c);
        seen.add("ended");
    }};
    background_runtime bg{rt};

    auto start = clock_type::now();
    tcp_client silent{srv.port()};
    BOOST_TEST(silent.closed_within(3s));
    auto waited = clock_type::now() - start;
    BOOST_TEST(waited >= 100ms);
    BOOST_TEST(seen.wait_for("ended"));     // seen by the handler as end of stream
    BOOST_TEST(wait_until([&] { return srv.connections() == 0; }));
}

BOOST_AUTO_TEST_CASE(traffic_keeps_a_connection_past_the_idle_timeout) {
    runtime rt{two_threads()};
    auto o = on_loopback();
    o.idle_timeout = 300ms;
    tcp::server srv{rt, o, echo};
    background_runtime bg{rt};

    // Each byte moves the deadline: chatting for twice the timeout, with pauses far below it.
    tcp_client chatty{srv.port()};
    auto start = clock_type::now();
    int rounds = 0;
    while (clock_type::now() - start < 2 * o.idle_timeout) {
        BOOST_TEST_REQUIRE(round_trip(chatty, "p", 1s) == "p");
        ++rounds;
        std::this_thread::sleep_for(30ms);     // pacing, not waiting for anything
    }
    BOOST_TEST(rounds > 5);
    // Then silence: closed after the timeout.
    BOOST_TEST(chatty.closed_within(3s));
}

BOOST_AUTO_TEST_CASE(writes_alone_keep_a_connection_past_the_idle_timeout) {
    // A handler that only writes (a feed, a countdown), a byte every 30 ms for three idle
    // timeouts: the idle deadline cancels only an operation that waits (a read, a write to a
    // full socket), so a handler between two quick writes is not cut off.
    record seen;
    runtime rt{two_threads()};
    auto o = on_loopback();
    o.idle_timeout = 150ms;
    constexpr int bytes = 15;
    tcp::server srv{rt, o, [&](tcp::connection& c) -> task<void> {
        asio::steady_timer pause{co_await asio::this_coro::executor};
        try {
            for (int i = 0; i < bytes; ++i) {
                co_await c.write(asio::buffer("w", 1));
                pause.expires_after(30ms);
                co_await pause.async_wait(asio::use_awaitable);
            }
            seen.add("written");
        } catch (const boost::system::system_error& e) {
            seen.add(e.code().message());
        }
    }};
    background_runtime bg{rt};

    tcp_client listener{srv.port()};   // reads, never writes
    auto got = listener.receive(5s, [](std::string_view s) { return s.size() >= bytes; });
    BOOST_TEST(got == std::string(bytes, 'w'));
    BOOST_TEST(seen.wait_for("written"));
}

BOOST_AUTO_TEST_CASE(idle_timeout_mid_message_is_an_error) {
    record seen;
    runtime rt{two_threads()};
    auto o = on_loopback();
    o.idle_timeout = 150ms;
    tcp::server srv{rt, o, [&](tcp::connection& c) -> task<void> {
        std::array<char, 256> buf;
        std::size_t n = co_await c.read_some(asio::buffer(buf));
        if (n == 0) co_return;
        try {
            co_await c.read_some(asio::buffer(buf), false);   // inside a message: not idle
            seen.add("read more");
        } catch (const boost::system::system_error& e) {
            seen.add(e.code() == asio::error::timed_out ? "timed out" : e.code().message());
        }
    }};
    background_runtime bg{rt};

    tcp_client c{srv.port()};
    c.send("half a mess");
    BOOST_TEST(c.closed_within(3s));
    BOOST_TEST(seen.wait_for("timed out"));
    BOOST_TEST(seen.count("read more") == 0u);
}

BOOST_AUTO_TEST_CASE(idle_timeout_spares_a_big_write_to_a_slow_reader) {
    // "Idle" is no byte moving: a write that keeps making progress is not idle, however long
    // the whole of it takes. Small socket buffers on both ends make the write last as long as
    // the slow reading does (several idle timeouts), while no pause comes near one.
    constexpr std::size_t total = 4 * 1024 * 1024;
    constexpr int small_buffer = 32 * 1024;
    record seen;
    runtime rt{two_threads()};
    auto o = on_loopback();
    o.idle_timeout = 500ms;
    tcp::server srv{rt, o, [&](tcp::connection& c) -> task<void> {
        c.socket().set_option(asio::socket_base::send_buffer_size(small_buffer));
        std::string big(total, 'b');
        try {
            co_await c.write(asio::buffer(big));
            seen.add("written");
        } catch (const boost::system::system_error& e) {
            seen.add(e.code() == asio::error::timed_out ? "timed out" : e.code().message());
        }
    }};
    background_runtime bg{rt};

    tcp_client slow{srv.port()};
    BOOST_REQUIRE(::setsockopt(slow.fd(), SOL_SOCKET, SO_RCVBUF, &small_buffer, sizeof small_buffer) == 0);
    std::size_t got = 0;
    auto start = clock_type::now();
    while (got < total && clock_type::now() - start < 10s) {
        auto chunk = slow.receive(2s, [](std::string_view s) { return s.size() >= small_buffer; });
        if (chunk.empty()) break;
        got += chunk.size();
        std::this_thread::sleep_for(10ms);     // a slow reader, never silent for long
    }
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - start);
    BOOST_TEST_MESSAGE("slow read of " << got << " bytes took " << took.count() << " ms");
    BOOST_TEST(got == total);
    BOOST_TEST(took > 2 * o.idle_timeout);     // else the test proves nothing
    BOOST_TEST(seen.wait_for("written"));
    BOOST_TEST(seen.count("timed out") == 0u);
}

BOOST_AUTO_TEST_CASE(idle_timeout_cuts_off_a_reader_that_stopped) {
    record seen;
    runtime rt{two_threads()};
    auto o = on_loopback();
    o.idle_timeout = 200ms;
    tcp::server srv{rt, o, [&](tcp::connection& c) -> task<void> {
        std::string big(64 * 1024 * 1024, 's');     // far more than the socket buffers hold
        try {
            co_await c.write(asio::buffer(big));
            seen.add("written");
        } catch (const boost::system::system_error& e) {
            seen.add(e.code() == asio::error::timed_out ? "timed out" : e.code().message());
        }
    }};
    background_runtime bg{rt};
    tcp_client stalled{srv.port()};     // never reads
    BOOST_TEST(seen.wait_for("timed out"));
    BOOST_TEST(wait_until([&] { return srv.connections() == 0; }));
}

BOOST_AUTO_TEST_CASE(binds_ipv6_loopback) {
    if (!has_ipv6_loopback()) {
        BOOST_TEST_MESSAGE("no IPv6 loopback on this machine: skipped");
        return;
    }
    runtime rt{two_threads()};
    auto o = on_loopback();
    o.address = "::1";
    tcp::server srv{rt, o, echo};
    BOOST_TEST(srv.local_endpoint().address().is_v6());
    BOOST_TEST(srv.port() != 0);
    background_runtime bg{rt};
    tcp_client c{srv.port(), "::1"};
    BOOST_TEST(round_trip(c, "over v6") == "over v6");
}

BOOST_AUTO_TEST_CASE(reuse_port_lets_two_servers_share_a_port) {
    record seen;
    runtime rt{two_threads()};
    auto tagged = [&](std::string tag) {
        return [&seen, tag](tcp::connection& c) -> task<void> {
            seen.add(tag);
            co_await echo(c);
        };
    };
    auto o = on_loopback();
    o.reuse_port = true;
    tcp::server first{rt, o, tagged("first")};
    o.port = first.port();
    tcp::server second{rt, o, tagged("second")};
    BOOST_TEST(second.port() == first.port());

    // Without the option the port is taken (SO_REUSEADDR alone does not share a listener).
    auto plain = on_loopback();
    plain.port = first.port();
    BOOST_CHECK_THROW((tcp::server{rt, plain, echo}), boost::system::system_error);

    background_runtime bg{rt};
    // The kernel spreads connections by hash: no claim on who gets which, only that all are served.
    for (int i = 0; i < 20; ++i) {
        tcp_client c{first.port()};
        std::string message = "shared " + std::to_string(i);
        BOOST_TEST(round_trip(c, message) == message);
    }
    BOOST_TEST(seen.count("first") + seen.count("second") == 20u);
}

BOOST_AUTO_TEST_CASE(max_connections_refuses_the_extra_one_at_once) {
    runtime rt{two_threads()};
    auto o = on_loopback();
    o.max_connections = 2;
    tcp::server srv{rt, o, echo};
    background_runtime bg{rt};

    tcp_client a{srv.port()};
    tcp_client b{srv.port()};
    BOOST_TEST(wait_until([&] { return srv.connections() == 2; }));
    auto start = clock_type::now();
    tcp_client extra{srv.port()};      // the kernel completes the handshake; the server says no
    BOOST_TEST(extra.closed_within(2s));
    BOOST_TEST((clock_type::now() - start < 1s));
    BOOST_TEST(srv.connections() == 2u);

    // The two served ones are untouched.
    BOOST_TEST(round_trip(a, "a") == "a");
    BOOST_TEST(round_trip(b, "b") == "b");

    // A freed place is taken by the next client.
    a.close();
    BOOST_TEST(wait_until([&] { return srv.connections() == 1; }));
    tcp_client next{srv.port()};
    BOOST_TEST(round_trip(next, "next") == "next");
}

BOOST_AUTO_TEST_CASE(a_throwing_handler_ends_only_its_own_connection) {
    runtime rt{two_threads()};
    tcp::server srv{rt, on_loopback(), [](tcp::connection& c) -> task<void> {
        std::array<char, 256> buf;
        for (;;) {
            std::size_t n = co_await c.read_some(asio::buffer(buf));
            if (n == 0) co_return;
            std::string_view got{buf.data(), n};
            if (got == "boom") throw std::runtime_error("handler blew up");
            if (got == "bang") throw 42;   // not even a std::exception
            co_await c.write(asio::buffer(buf.data(), n));
        }
    }};
    background_runtime bg{rt};

    tcp_client steady{srv.port()};
    BOOST_TEST(round_trip(steady, "before") == "before");

    for (std::string trigger : {"boom", "bang"}) {
        BOOST_TEST_CONTEXT("trigger " << trigger) {
            tcp_client doomed{srv.port()};
            BOOST_TEST(round_trip(doomed, "fine") == "fine");
            doomed.send(trigger);
            BOOST_TEST(doomed.closed_within(3s));
            BOOST_TEST(wait_until([&] { return srv.connections() == 1; }));
            BOOST_TEST(round_trip(steady, "still here") == "still here");
            tcp_client fresh{srv.port()};
            BOOST_TEST(round_trip(fresh, "fresh") == "fresh");
        }
    }
}

BOOST_AUTO_TEST_CASE(shutdown_ends_idle_connections_and_run_returns) {
    record seen;
    runtime rt{two_threads()};
    tcp::server srv{rt, on_loopback(), [&](tcp::connection& c) -> task<void> {
        co_await echo(c);
        seen.add(c.draining() ? "drained" : "eof");
    }};
    background_runtime bg{rt};

    std::vector<std::unique_ptr<tcp_client>> idle;
    for (int i = 0; i < 4; ++i) {
        idle.push_back(std::make_unique<tcp_client>(srv.port()));
        BOOST_TEST(round_trip(*idle.back(), "hi") == "hi");
    }
    BOOST_TEST(srv.connections() == 4u);

    auto start = clock_type::now();
    rt.shutdown();
    BOOST_TEST(bg.wait_stopped(5s));
    BOOST_TEST((clock_type::now() - start < 2s));    // far below the 10 s grace period
    BOOST_TEST(seen.count("drained") == 4u);
    BOOST_TEST(srv.connections() == 0u);
    for (auto& c : idle) BOOST_TEST(c->closed_within(1s));
    // No longer listening.
    BOOST_CHECK_THROW(tcp_client{srv.port()}, boost::system::system_error);
}

BOOST_AUTO_TEST_CASE(shutdown_lets_a_message_in_progress_finish) {
    record seen;
    runtime rt{two_threads()};
    tcp::server srv{rt, on_loopback(), [&](tcp::connection& c) -> task<void> {
        std::array<char, 256> buf;
        std::string message;
        for (;;) {
            // Idle only between messages: a drain may end the connection there, not mid-message.
            std::size_t n = co_await c.read_some(asio::buffer(buf), message.empty());
            if (n == 0) break;
            message.append(buf.data(), n);
            if (!message.ends_with('\n')) {
                seen.add("partial");
                continue;
            }
            std::string reply = "done: " + message;
            co_await c.write(asio::buffer(reply));
            message.clear();
        }
        seen.add(c.draining() ? "drained" : "eof");
    }};
    background_runtime bg{rt};

    tcp_client busy{srv.port()};
    busy.send("first half");
    BOOST_TEST(seen.wait_for("partial"));
    rt.shutdown();
    settle(rt);     // the drain has reached the connection
    BOOST_TEST(rt.stopping());
    BOOST_TEST(srv.connections() == 1u);

    busy.send(", second half\n");
    std::string reply = busy.receive(5s, [](std::string_view got) { return got.ends_with('\n'); });
    BOOST_TEST(reply == "done: first half, second half\n");
    BOOST_TEST(busy.closed_within(3s));     // then ended, at the next message boundary
    BOOST_TEST(bg.wait_stopped(5s));
    BOOST_TEST(seen.count("drained") == 1u);
}

BOOST_AUTO_TEST_CASE(destroying_a_server_while_the_runtime_runs) {
    record seen;
    runtime rt{two_threads()};
    tcp::server stays{rt, on_loopback(), echo};
    auto goes = std::make_unique<tcp::server>(rt, on_loopback(), [&](tcp::connection& c) -> task<void> {
        try {
            co_await echo(c);
            seen.add("ended");
        } catch (const boost::system::system_error&) {
            seen.add("cancelled");
        }
    });
    background_runtime bg{rt};

    tcp_client to_stays{stays.port()};
    tcp_client to_goes{goes->port()};
    BOOST_TEST(round_trip(to_goes, "bye") == "bye");
    auto port = goes->port();
    goes.reset();
    BOOST_TEST(to_goes.closed_within(3s));
    BOOST_TEST(wait_until([&] { return seen.count("ended") + seen.count("cancelled") == 1; }));
    BOOST_CHECK_THROW(tcp_client{port}, boost::system::system_error);

    // The rest of the runtime carries on, and its shutdown does not wait for the gone server.
    BOOST_TEST(round_trip(to_stays, "still") == "still");
    auto start = clock_type::now();
    rt.shutdown();
    BOOST_TEST(bg.wait_stopped(3s));
    BOOST_TEST((clock_type::now() - start < 1s));
}
