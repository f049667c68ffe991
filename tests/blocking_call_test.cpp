// blocking_call: a task run from a waiting thread with a time limit; on time-out it is
// cancelled and has unwound before the call returns.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <stdexcept>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <coronet/blocking_call.hpp>

namespace asio = boost::asio;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

coronet::task<std::string> after(std::chrono::milliseconds wait, std::string value) {
    asio::steady_timer t{co_await asio::this_coro::executor};
    t.expires_after(wait);
    co_await t.async_wait(asio::use_awaitable);
    co_return value;
}

// Sets `unwound` when its frame goes, however it ends.
struct on_exit {
    bool& flag;
    ~on_exit() { flag = true; }
};

coronet::task<int> read_forever(asio::ip::tcp::socket& socket, bool& unwound) {
    on_exit guard{unwound};
    char byte;
    co_await socket.async_read_some(asio::buffer(&byte, 1), asio::use_awaitable);
    co_return 1;
}

coronet::task<int> fail() {
    throw std::runtime_error("it failed");
    co_return 0;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_task_done_in_time_gives_its_value) {
    asio::io_context ctx;
    BOOST_TEST(coronet::blocking_call(ctx, after(10ms, "done"), 5s).value_or("") == "done");
    // The context serves the next call too.
    BOOST_TEST(coronet::blocking_call(ctx, after(1ms, "again"), 5s).value_or("") == "again");
}

BOOST_AUTO_TEST_CASE(an_exception_comes_through) {
    asio::io_context ctx;
    BOOST_CHECK_THROW(coronet::blocking_call(ctx, fail(), 5s), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(a_late_task_is_cancelled_and_gone_before_the_call_returns) {
    asio::io_context ctx;
    asio::ip::tcp::acceptor listener(ctx, {asio::ip::make_address("127.0.0.1"), 0});
    asio::ip::tcp::socket client(ctx);
    client.connect(listener.local_endpoint());
    auto peer = listener.accept();   // connected, and it never writes
    bool unwound = false;
    auto start = clock_type::now();
    auto result = coronet::blocking_call(ctx, read_forever(client, unwound), 100ms);
    BOOST_TEST(!result.has_value());
    BOOST_TEST(unwound);   // its frame is gone: nothing of it runs after this point
    BOOST_TEST((clock_type::now() - start < 5s));
    BOOST_TEST(client.is_open());   // cancelled, not closed: the caller decides what to do with it
    // A later call on the same context runs normally.
    BOOST_TEST(coronet::blocking_call(ctx, after(1ms, "next"), 5s).value_or("") == "next");
}
