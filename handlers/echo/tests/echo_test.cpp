// echo_handler on a real TCP server over loopback, in each mode: exact echoes (binary bytes
// too), pipelined lines answered in order, many clients at once, the errors that end a
// connection (a message over the limit, a stream ending inside one), each answered and logged
// once, and the clients' arrivals and departures in the log with the count of those connected.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <coronet/handlers/echo.hpp>
#include <coronet/log.hpp>
#include <coronet/runtime.hpp>

#include "support/test_support.hpp"

using namespace coronet;
using namespace coronet::testing;
using coronet::handlers::echo_handler;
using coronet::handlers::echo_mode;

namespace {

// An echo server in `mode` on a free port, logging to a file of its own.
struct echo_server {
    explicit echo_server(echo_mode mode, std::chrono::milliseconds idle_timeout = 10s)
        : server{rt, {.idle_timeout = idle_timeout, .log = &logged.log},
                 echo_handler({.mode = mode, .max_line_bytes = 1000, .max_frame_bytes = 2000, .log = &logged.log})} {}

    std::size_t log_count(std::string_view needle) const {
        auto text = logged.text();
        std::size_t n = 0;
        for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
        return n;
    }

    captured_log logged;
    runtime rt{{.threads = 2, .handle_signals = false}};
    tcp::server server;
    background_runtime running{rt};
};

std::string frame(std::string_view payload) {
    std::string out;
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((payload.size() >> shift) & 0xff));
    out.append(payload);
    return out;
}

// Every byte value, twice, NUL and 0xFF included.
std::string all_bytes() {
    std::string out;
    for (int round = 0; round < 2; ++round)
        for (int b = 0; b < 256; ++b) out.push_back(static_cast<char>(b));
    return out;
}

auto has_bytes(std::size_t n) {
    return [n](std::string_view got) { return got.size() >= n; };
}

}  // namespace

BOOST_AUTO_TEST_CASE(modes_have_names) {
    for (auto mode : {echo_mode::raw, echo_mode::lines, echo_mode::frames})
        BOOST_TEST((coronet::handlers::parse_echo_mode(coronet::handlers::to_string(mode)) == mode));
    BOOST_TEST(!coronet::handlers::parse_echo_mode("Lines"));
    BOOST_TEST(!coronet::handlers::parse_echo_mode(""));
    BOOST_CHECK_THROW(echo_handler({.max_line_bytes = 0}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(raw_echoes_every_byte) {
    echo_server s{echo_mode::raw};
    tcp_client c{s.server.port()};
    auto bytes = all_bytes();
    c.send(bytes);
    BOOST_TEST(c.receive(5s, has_bytes(bytes.size())) == bytes);
    std::string big(100'000, '\0');
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7);
    c.send(big);
    BOOST_TEST((c.receive(5s, has_bytes(big.size())) == big));
    c.shutdown_send();
    BOOST_TEST(c.closed_within(5s));   // our end of stream ends the server's side too
}

BOOST_AUTO_TEST_CASE(lines_come_back_in_order_without_their_cr) {
    echo_server s{echo_mode::lines};
    tcp_client c{s.server.port()};
    c.send("first\r\nsecond\n\nthird: 你好\n");
    auto expected = std::string("first\nsecond\n\nthird: 你好\n");
    BOOST_TEST(c.receive(5s, has_bytes(expected.size())) == expected);
    // A line split over several sends is one line.
    c.send("spl");
    c.send("it\n");
    BOOST_TEST(c.receive(5s, has_bytes(6)) == "split\n");
}

BOOST_AUTO_TEST_CASE(frames_echo_binary_payloads_and_empty_ones) {
    echo_server s{echo_mode::frames};
    tcp_client c{s.server.port()};
    auto bytes = all_bytes();
    auto sent = frame(bytes) + frame("") + frame("two\nlines");
    c.send(sent);
    BOOST_TEST((c.receive(5s, has_bytes(sent.size())) == sent));
}

BOOST_AUTO_TEST_CASE(a_line_over_the_limit_is_answered_logged_once_and_closed) {
    echo_server s{echo_mode::lines};
    tcp_client c{s.server.port()};
    // Answered in order: the good line first, then the error; the rest of the long line
    // (more than the server reads before it refuses) does not reset the connection.
    c.send("fine\n" + std::string(50'000, 'x') + "\nnever echoed\n");
    BOOST_TEST(c.receive_all(5s) == "fine\nerror: line over 1000 bytes; closing\n");
    c.close();   // the server reads (and drops) what is left until the client goes
    BOOST_TEST(wait_until([&] { return s.log_count("left: line over 1000 bytes") == 1; }));
    BOOST_TEST(s.log_count("over 1000") == 1, s.logged.text());
}

BOOST_AUTO_TEST_CASE(a_frame_over_the_limit_is_answered_with_an_error_frame) {
    echo_server s{echo_mode::frames};
    tcp_client c{s.server.port()};
    c.send(frame(std::string(5000, 'y')));
    BOOST_TEST((c.receive_all(5s) == frame("error: frame over 2000 bytes; closing")));
    c.close();
    BOOST_TEST(wait_until([&] { return s.log_count("left: frame over 2000 bytes") == 1; }));
}

BOOST_AUTO_TEST_CASE(a_stream_ending_inside_a_message_is_answered) {
    {
        echo_server s{echo_mode::lines};
        tcp_client c{s.server.port()};
        c.send("whole\nhalf");
        c.shutdown_send();
        BOOST_TEST(c.receive_all(5s) == "whole\nerror: the stream ended inside a line; closing\n");
    }
    {
        echo_server s{echo_mode::frames};
        tcp_client c{s.server.port()};
        c.send(frame("abcdef").substr(0, 7));
        c.shutdown_send();
        BOOST_TEST((c.receive_all(5s) == frame("error: the stream ended inside a frame; closing")));
    }
}

BOOST_AUTO_TEST_CASE(many_clients_at_once_each_get_their_own_echo) {
    echo_server s{echo_mode::lines};
    constexpr std::size_t clients = 40;
    std::vector<std::unique_ptr<tcp_client>> open;
    for (std::size_t i = 0; i < clients; ++i) open.push_back(std::make_unique<tcp_client>(s.server.port()));
    // All connected at once before any is answered: none waits for another to finish.
    BOOST_TEST(wait_until([&] { return s.server.connections() == clients; }));
    for (std::size_t i = 0; i < clients; ++i) open[i]->send("client " + std::to_string(i) + "\n");
    for (std::size_t i = clients; i-- > 0;) {
        auto expected = "client " + std::to_string(i) + "\n";
        BOOST_TEST(open[i]->receive(5s, has_bytes(expected.size())) == expected);
    }
}

BOOST_AUTO_TEST_CASE(clients_leaving_are_seen_and_counted) {
    echo_server s{echo_mode::raw};
    {
        tcp_client a{s.server.port()};
        tcp_client b{s.server.port()};
        BOOST_TEST(wait_until([&] { return s.log_count("(2 connected)") == 1; }), s.logged.text());
        a.send("hi");
        BOOST_TEST(a.receive(5s, has_bytes(2)) == "hi");
        a.close();
        BOOST_TEST(wait_until([&] { return s.log_count("left: the client closed the connection") == 1; }), s.logged.text());
        BOOST_TEST(s.log_count("1 reads, 2 bytes echoed (1 connected)") == 1, s.logged.text());
    }
    BOOST_TEST(wait_until([&] { return s.log_count("(0 connected)") == 1 && s.server.connections() == 0; }),
               s.logged.text());
}

BOOST_AUTO_TEST_CASE(an_idle_client_is_closed_after_the_servers_idle_timeout) {
    echo_server s{echo_mode::lines, 200ms};
    tcp_client c{s.server.port()};
    c.send("still here\n");
    BOOST_TEST(c.receive(5s, has_bytes(11)) == "still here\n");
    auto start = std::chrono::steady_clock::now();
    BOOST_TEST(c.closed_within(5s));
    BOOST_TEST((std::chrono::steady_clock::now() - start >= 150ms));
    BOOST_TEST(wait_until([&] { return s.server.connections() == 0; }));
}
