#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <csignal>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <coronet/runtime.hpp>
#include <coronet/tcp/server.hpp>
#include <coronet/udp/server.hpp>

#include "support/test_support.hpp"

using namespace coronet;
using namespace coronet::testing;
namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

namespace {

// A handler stuck inside a message: it reads with idle = false, so a drain does not end it;
// only the grace period running out (or a forced stop) does.
tcp::connection_handler busy_reader(record& seen) {
    return [&seen](tcp::connection& c) -> task<void> {
        std::array<char, 64> buf;
        co_await c.read_some(asio::buffer(buf));
        seen.add("reading");
        try {
            co_await c.read_some(asio::buffer(buf), false);
            seen.add("read");
        } catch (const boost::system::system_error& e) {
            seen.add(e.code() == asio::error::operation_aborted ? "cancelled" : e.code().message());
            throw;
        }
    };
}

// A handler busy with work of its own (no socket involved) for an hour.
tcp::connection_handler busy_worker(record& seen) {
    return [&seen](tcp::connection&) -> task<void> {
        asio::steady_timer work{co_await asio::this_coro::executor, std::chrono::hours(1)};
        seen.add("working");
        try {
            co_await work.async_wait(asio::use_awaitable);
            seen.add("worked");
        } catch (const boost::system::system_error& e) {
            seen.add(e.code() == asio::error::operation_aborted ? "cancelled" : e.code().message());
            throw;
        }
    };
}

// A service of the test's own: what the runtime asks of it, and how much it says is still running.
class fake_work final : public drainable {
public:
    void begin_drain() override { ++drains; }
    void force_close() override {
        ++forces;
        if (stop_on_force) running = 0;
    }
    std::size_t active() const override { return running.load(); }

    std::atomic<int> drains{0};
    std::atomic<int> forces{0};
    std::atomic<std::size_t> running{0};
    bool stop_on_force = true;
};

std::chrono::milliseconds since(clock_type::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - start);
}

}  // namespace

BOOST_AUTO_TEST_CASE(threads_option_gives_size) {
    for (unsigned n : {1u, 2u, 3u}) {
        runtime rt{{.threads = n, .handle_signals = false}};
        BOOST_TEST(rt.size() == n);
        BOOST_TEST(rt.options().threads == n);
        // next_context() takes every context in turn.
        std::set<asio::io_context*> seen;
        for (unsigned i = 0; i < n; ++i) seen.insert(&rt.next_context());
        BOOST_TEST(seen.size() == n);
        BOOST_CHECK_THROW(rt.context(n), std::out_of_range);
    }
    runtime automatic{{.threads = 0, .handle_signals = false}};
    BOOST_TEST(automatic.size() == std::max(1u, std::thread::hardware_concurrency()));
}

BOOST_AUTO_TEST_CASE(a_runtime_that_never_ran_is_destroyed_cleanly) {
    // As when a server's port is taken and the app gives up before run().
    runtime rt{{.threads = 2, .handle_signals = false}};
    tcp::server srv{rt, {}, [](tcp::connection&) -> task<void> { co_return; }};
    tcp_client early{srv.port()};   // waits in the backlog: never accepted
    BOOST_TEST(srv.connections() == 0u);
}

BOOST_AUTO_TEST_CASE(shutdown_with_nothing_attached_returns) {
    runtime rt{{.threads = 2, .handle_signals = false}};
    background_runtime bg{rt};
    BOOST_TEST(!rt.stopping());
    rt.shutdown();
    BOOST_TEST(bg.wait_stopped(2s));
    BOOST_TEST(rt.stopping());
}

BOOST_AUTO_TEST_CASE(shutdown_before_run_and_run_after_stop_return) {
    runtime rt{{.threads = 2, .handle_signals = false}};
    rt.shutdown();
    {
        background_runtime bg{rt};
        BOOST_TEST(bg.wait_stopped(2s));
    }
    // Already stopped: returns at once.
    background_runtime again{rt};
    BOOST_TEST(again.wait_stopped(2s));
}

BOOST_AUTO_TEST_CASE(stop_with_nothing_attached_returns) {
    runtime rt{{.threads = 2, .handle_signals = false}};
    background_runtime bg{rt};
    rt.stop();
    BOOST_TEST(bg.wait_stopped(2s));
    BOOST_TEST(rt.stopping());
}

BOOST_AUTO_TEST_CASE(stop_forces_busy_connections_at_once) {
    record seen;
    runtime rt{{.threads = 2, .grace_period = 10s, .handle_signals = false}};
    tcp::server reading{rt, {}, busy_reader(seen)};
    tcp::server working{rt, {}, busy_worker(seen)};
    background_runtime bg{rt};

    tcp_client a{reading.port()};
    a.send("x");
    tcp_client b{working.port()};
    BOOST_TEST(seen.wait_for("reading"));
    BOOST_TEST(seen.wait_for("working"));

    auto start = clock_type::now();
    rt.stop();
    BOOST_TEST(bg.wait_stopped(5s));
    BOOST_TEST(since(start) < 1500ms);          // nowhere near the grace period
    BOOST_TEST(seen.count("cancelled") == 2u);   // both were cancelled, not abandoned
    BOOST_TEST(reading.connections() == 0u);
    BOOST_TEST(working.connections() == 0u);
    BOOST_TEST(a.closed_within(1s));
    BOOST_TEST(b.closed_within(1s));
}

BOOST_AUTO_TEST_CASE(grace_period_then_force) {
    record seen;
    runtime rt{{.threads = 2, .grace_period = 200ms, .handle_signals = false}};
    tcp::server reading{rt, {}, busy_reader(seen)};
    tcp::server working{rt, {}, busy_worker(seen)};
    background_runtime bg{rt};

    tcp_client a{reading.port()};
    a.send("x");
    tcp_client b{working.port()};
    BOOST_TEST(seen.wait_for("reading"));
    BOOST_TEST(seen.wait_for("working"));

    auto start = clock_type::now();
    rt.shutdown();
    BOOST_TEST(bg.wait_stopped(5s));
    auto took = since(start);
    BOOST_TEST_MESSAGE("drain with busy connections took " << took.count() << " ms");
    BOOST_TEST(took >= 190ms);      // the grace period was given
    BOOST_TEST(took < 1500ms);      // and then the stragglers were cancelled promptly
    BOOST_TEST(seen.count("cancelled") == 2u);
    BOOST_TEST(a.closed_within(1s));
    BOOST_TEST(b.closed_within(1s));
}

BOOST_AUTO_TEST_CASE(drain_waits_for_work_that_finishes_in_time) {
    record seen;
    runtime rt{{.threads = 2, .grace_period = 5s, .handle_signals = false}};
    udp::server srv{rt, {}, [&](udp::datagram d) -> task<void> {
        seen.add("started");
        asio::steady_timer work{co_await asio::this_coro::executor, 300ms};
        co_await work.async_wait(asio::use_awaitable);
        seen.add("finished");
        co_await d.reply("done");
    }};
    background_runtime bg{rt};

    asio::io_context ctx;
    asio::ip::udp::socket peer{ctx, {asio::ip::make_address("127.0.0.1"), 0}};
    peer.send_to(asio::buffer("go", 2), srv.local_endpoint());
    BOOST_TEST(seen.wait_for("started"));
    auto start = clock_type::now();
    rt.shutdown();
    BOOST_TEST(bg.wait_stopped(5s));
    BOOST_TEST(seen.count("finished") == 1u);
    BOOST_TEST(since(start) >= 200ms);
    BOOST_TEST(since(start) < 3s);
}

BOOST_AUTO_TEST_CASE(stops_anyway_when_work_ignores_cancellation) {
    record seen;
    runtime rt{{.threads = 2, .grace_period = 100ms, .handle_signals = false}};
    // A handler that shields itself from cancellation (as for a critical section) and then hangs.
    tcp::server stubborn{rt, {}, [&](tcp::connection&) -> task<void> {
        co_await asio::this_coro::reset_cancellation_state(asio::disable_cancellation());
        asio::steady_timer work{co_await asio::this_coro::executor, std::chrono::hours(1)};
        seen.add("hanging");
        co_await work.async_wait(asio::as_tuple(asio::use_awaitable));
        seen.add("woke");
    }};
    background_runtime bg{rt};
    std::vector<std::unique_ptr<tcp_client>> clients;
    for (int i = 0; i < 4; ++i) clients.push_back(std::make_unique<tcp_client>(stubborn.port()));
    BOOST_TEST(seen.wait_for("hanging", 4));

    auto start = clock_type::now();
    rt.shutdown();
    BOOST_TEST(bg.wait_stopped(6s));
    BOOST_TEST(since(start) < 4s);   // grace period + the runtime's 2 s for forced work to unwind
    BOOST_TEST(seen.count("woke") == 0u);
    // Leaving scope destroys the server and then the runtime with the hung work still in it.
}

BOOST_AUTO_TEST_CASE(attached_services_are_drained_then_forced) {
    fake_work busy, idle, gone;
    runtime rt{{.threads = 2, .grace_period = 200ms, .handle_signals = false}};
    busy.running = 3;
    gone.running = 5;   // detached: the runtime must not wait for it
    rt.attach(busy);
    rt.attach(idle);
    rt.attach(gone);
    rt.detach(gone);
    background_runtime bg{rt};

    auto start = clock_type::now();
    rt.shutdown();
    rt.shutdown();      // a second request changes nothing
    BOOST_TEST(bg.wait_stopped(3s));
    BOOST_TEST(since(start) >= 190ms);
    BOOST_TEST(busy.drains == 1);
    BOOST_TEST(idle.drains == 1);
    BOOST_TEST(busy.forces == 1);
    BOOST_TEST(gone.drains == 0);
    BOOST_TEST(gone.forces == 0);
}

BOOST_AUTO_TEST_CASE(drained_service_finishing_early_ends_the_wait) {
    fake_work work;
    runtime rt{{.threads = 2, .grace_period = 10s, .handle_signals = false}};
    work.running = 1;
    rt.attach(work);
    background_runtime bg{rt};
    rt.shutdown();
    BOOST_TEST(wait_until([&] { return work.drains == 1; }));
    BOOST_TEST(!bg.wait_stopped(50ms));     // still waiting for the work
    work.running = 0;
    BOOST_TEST(bg.wait_stopped(2s));
    BOOST_TEST(work.forces == 0);
    rt.detach(work);
}

BOOST_AUTO_TEST_CASE(sigterm_starts_the_drain) {
    record seen;
    runtime rt{{.threads = 2, .grace_period = 10s, .handle_signals = true}};
    tcp::server srv{rt, {}, [&](tcp::connection& c) -> task<void> {
        std::array<char, 64> buf;
        while (co_await c.read_some(asio::buffer(buf)) != 0) {
        }
        seen.add(c.draining() ? "drained" : "eof");
    }};
    background_runtime bg{rt};
    tcp_client idle{srv.port()};
    BOOST_TEST(wait_until([&] { return srv.connections() == 1; }));

    auto start = clock_type::now();
    BOOST_REQUIRE(::raise(SIGTERM) == 0);
    BOOST_TEST(bg.wait_stopped(5s));
    BOOST_TEST(since(start) < 2s);
    BOOST_TEST(seen.count("drained") == 1u);
    BOOST_TEST(idle.closed_within(1s));
}

BOOST_AUTO_TEST_CASE(a_second_signal_forces) {
    record seen;
    runtime rt{{.threads = 2, .grace_period = 10s, .handle_signals = true}};
    tcp::server srv{rt, {}, busy_reader(seen)};
    background_runtime bg{rt};
    tcp_client busy{srv.port()};
    busy.send("x");
    BOOST_TEST(seen.wait_for("reading"));

    BOOST_REQUIRE(::raise(SIGTERM) == 0);
    BOOST_TEST(wait_until([&] { return rt.stopping(); }));
    BOOST_TEST(!bg.wait_stopped(100ms));    // draining, and the busy connection holds it open

    auto start = clock_type::now();
    BOOST_REQUIRE(::raise(SIGINT) == 0);
    BOOST_TEST(bg.wait_stopped(5s));
    BOOST_TEST(since(start) < 1500ms);
    BOOST_TEST(seen.count("cancelled") == 1u);
    BOOST_TEST(busy.closed_within(1s));
}
