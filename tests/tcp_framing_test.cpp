#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_future.hpp>

#include <coronet/tcp/framing.hpp>
#include <coronet/tcp/server.hpp>
#include <coronet/tcp/socket_stream.hpp>

#include "support/test_support.hpp"

using namespace coronet;
using namespace coronet::testing;
namespace asio = boost::asio;

namespace {

std::string describe(const boost::system::error_code& ec) {
    if (ec == framing_error::message_too_long) return "too long";
    if (ec == framing_error::truncated_message) return "truncated";
    return ec.message();
}

constexpr std::size_t max_line = 64;
constexpr std::size_t max_frame = 1024;

// A server answering each line with "got:<line>", recording how the connection ended.
struct line_server {
    explicit line_server(runtime& rt)
        : srv{rt, tcp::server_options{}, [this](tcp::connection& c) -> task<void> {
                  line_reader lines{c, max_line};
                  try {
                      while (auto line = co_await lines.next()) co_await write_line(c, "got:" + *line);
                      seen.add("end");
                  } catch (const boost::system::system_error& e) {
                      seen.add(describe(e.code()));
                  }
              }} {}
    record seen;
    tcp::server srv;
};

// A server answering each frame with a frame "got:<payload>".
struct frame_server {
    explicit frame_server(runtime& rt)
        : srv{rt, tcp::server_options{}, [this](tcp::connection& c) -> task<void> {
                  frame_reader frames{c, max_frame};
                  try {
                      while (auto frame = co_await frames.next()) co_await write_frame(c, "got:" + *frame);
                      seen.add("end");
                  } catch (const boost::system::system_error& e) {
                      seen.add(describe(e.code()));
                  }
              }} {}
    record seen;
    tcp::server srv;
};

std::string frame(std::string_view payload) {
    auto n = static_cast<std::uint32_t>(payload.size());
    std::string out{static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8), static_cast<char>(n)};
    out.append(payload);
    return out;
}

// Whole frames in `bytes`, in order; a partial one at the end is left out.
std::vector<std::string> frames_in(std::string_view bytes) {
    std::vector<std::string> out;
    while (bytes.size() >= 4) {
        std::size_t n = (std::size_t{static_cast<unsigned char>(bytes[0])} << 24) |
                        (std::size_t{static_cast<unsigned char>(bytes[1])} << 16) |
                        (std::size_t{static_cast<unsigned char>(bytes[2])} << 8) | static_cast<unsigned char>(bytes[3]);
        if (bytes.size() < 4 + n) break;
        out.emplace_back(bytes.substr(4, n));
        bytes.remove_prefix(4 + n);
    }
    return out;
}

std::string receive_lines(tcp_client& c, std::size_t lines) {
    return c.receive(5s, [&](std::string_view got) { return std::count(got.begin(), got.end(), '\n') >= static_cast<long>(lines); });
}

std::vector<std::string> receive_frames(tcp_client& c, std::size_t count) {
    return frames_in(c.receive(5s, [&](std::string_view got) { return frames_in(got).size() >= count; }));
}

runtime_options two_threads() { return {.threads = 2, .handle_signals = false}; }

// Runs a client coroutine in its own io_context, with a deadline.
template <class T>
T run_client(task<T> client) {
    asio::io_context ctx;
    auto result = asio::co_spawn(ctx, std::move(client), asio::use_future);
    ctx.run_for(5s);
    BOOST_REQUIRE(result.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
    return result.get();
}

}  // namespace

// ---- lines ----

BOOST_AUTO_TEST_CASE(sticky_lines_come_out_separately) {
    runtime rt{two_threads()};
    line_server s{rt};
    background_runtime bg{rt};
    tcp_client c{s.srv.port()};
    c.send("a\nbb\nccc\n");     // one write, three messages
    BOOST_TEST(receive_lines(c, 3) == "got:a\ngot:bb\ngot:ccc\n");
}

BOOST_AUTO_TEST_CASE(a_line_split_across_writes_comes_out_whole) {
    runtime rt{two_threads()};
    line_server s{rt};
    background_runtime bg{rt};
    tcp_client c{s.srv.port()};
    std::string line = "one line, sent a byte at a time";
    for (char ch : line) c.send(std::string(1, ch));
    c.send("\n");
    // Two messages whose boundary falls inside a write.
    c.send("sec");
    c.send("ond\nthi");
    c.send("rd\n");
    BOOST_TEST(receive_lines(c, 3) == "got:" + line + "\ngot:second\ngot:third\n");
}

BOOST_AUTO_TEST_CASE(crlf_is_a_line_end_and_a_lone_cr_is_data) {
    runtime rt{two_threads()};
    line_server s{rt};
    background_runtime bg{rt};
    tcp_client c{s.srv.port()};
    c.send("one\r\ntwo\n\r\na\rb\n");
    BOOST_TEST(receive_lines(c, 4) == "got:one\ngot:two\ngot:\ngot:a\rb\n");
    // A "\r\n" split between writes.
    c.send("split\r");
    c.send("\n");
    BOOST_TEST(receive_lines(c, 1) == "got:split\n");
}

BOOST_AUTO_TEST_CASE(a_line_at_the_limit_passes) {
    runtime rt{two_threads()};
    line_server s{rt};
    background_runtime bg{rt};
    tcp_client c{s.srv.port()};
    std::string full(max_line, 'x');
    c.send(full + "\r\n");      // the '\r' is not counted
    BOOST_TEST(receive_lines(c, 1) == "got:" + full + "\n");
    c.send(full + "\n");
    BOOST_TEST(receive_lines(c, 1) == "got:" + full + "\n");
}

BOOST_AUTO_TEST_CASE(an_oversize_line_fails_that_connection_only) {
    runtime rt{two_threads()};
    line_server s{rt};
    background_runtime bg{rt};
    tcp_client other{s.srv.port()};
    other.send("hi\n");
    BOOST_TEST(receive_lines(other, 1) == "got:hi\n");

    // Terminated, but too long.
    tcp_client a{s.srv.port()};
    a.send(std::string(max_line + 1, 'y') + "\n");
    BOOST_TEST(s.seen.wait_for("too long"));
    BOOST_TEST(a.closed_within(3s));

    // Never terminated: refused once the limit is passed, without waiting for a newline.
    tcp_client b{s.srv.port()};
    b.send(std::string(10 * max_line, 'z'));
    BOOST_TEST(s.seen.wait_for("too long", 2));
    BOOST_TEST(b.closed_within(3s));

    other.send("still\n");
    BOOST_TEST(receive_lines(other, 1) == "got:still\n");
}

BOOST_AUTO_TEST_CASE(close_mid_line_is_truncated_and_between_lines_is_clean) {
    runtime rt{two_threads()};
    line_server s{rt};
    background_runtime bg{rt};

    tcp_client mid{s.srv.port()};
    mid.send("done\nnot don");
    BOOST_TEST(receive_lines(mid, 1) == "got:done\n");
    mid.shutdown_send();
    BOOST_TEST(s.seen.wait_for("truncated"));
    BOOST_TEST(mid.closed_within(3s));

    tcp_client clean{s.srv.port()};
    clean.send("last\n");
    BOOST_TEST(receive_lines(clean, 1) == "got:last\n");
    clean.shutdown_send();
    BOOST_TEST(s.seen.wait_for("end"));
    BOOST_TEST(clean.closed_within(3s));

    tcp_client silent{s.srv.port()};
    silent.close();
    BOOST_TEST(s.seen.wait_for("end", 2));
    BOOST_TEST(s.seen.count("truncated") == 1u);
}

// ---- frames ----

BOOST_AUTO_TEST_CASE(sticky_frames_come_out_separately) {
    runtime rt{two_threads()};
    frame_server s{rt};
    background_runtime bg{rt};
    tcp_client c{s.srv.port()};
    c.send(frame("a") + frame("") + frame("third\nwith a newline") + frame(std::string(max_frame, 'm')));
    auto got = receive_frames(c, 4);
    BOOST_TEST_REQUIRE(got.size() == 4u);
    BOOST_TEST(got[0] == "got:a");
    BOOST_TEST(got[1] == "got:");
    BOOST_TEST(got[2] == "got:third\nwith a newline");
    BOOST_TEST((got[3] == "got:" + std::string(max_frame, 'm')));
}

BOOST_AUTO_TEST_CASE(a_frame_split_across_writes_comes_out_whole) {
    runtime rt{two_threads()};
    frame_server s{rt};
    background_runtime bg{rt};
    tcp_client c{s.srv.port()};
    std::string payload(1000, '\0');
    for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i % 251);   // binary, with NULs
    std::string bytes = frame(payload) + frame("next");
    // Small pieces: the header itself is split, and so is the boundary between the frames.
    for (std::size_t i = 0; i < bytes.size(); i += 7) c.send(std::string_view(bytes).substr(i, 7));
    auto got = receive_frames(c, 2);
    BOOST_TEST_REQUIRE(got.size() == 2u);
    BOOST_TEST((got[0] == "got:" + payload));
    BOOST_TEST(got[1] == "got:next");
}

BOOST_AUTO_TEST_CASE(a_hostile_length_fails_that_connection_only) {
    runtime rt{two_threads()};
    frame_server s{rt};
    background_runtime bg{rt};
    tcp_client other{s.srv.port()};
    other.send(frame("before"));
    BOOST_TEST(receive_frames(other, 1) == std::vector<std::string>{"got:before"});

    // A 4 GB length prefix: refused from the header alone, nothing allocated or awaited.
    tcp_client hostile{s.srv.port()};
    hostile.send(std::string("\xff\xff\xff\xff", 4) + "tiny");
    BOOST_TEST(s.seen.wait_for("too long"));
    BOOST_TEST(hostile.closed_within(3s));

    tcp_client over{s.srv.port()};
    over.send(frame(std::string(max_frame + 1, 'o')));
    BOOST_TEST(s.seen.wait_for("too long", 2));
    BOOST_TEST(over.closed_within(3s));

    other.send(frame("after"));
    BOOST_TEST(receive_frames(other, 1) == std::vector<std::string>{"got:after"});
}

BOOST_AUTO_TEST_CASE(close_mid_frame_is_truncated_and_between_frames_is_clean) {
    runtime rt{two_threads()};
    frame_server s{rt};
    background_runtime bg{rt};

    tcp_client in_header{s.srv.port()};
    in_header.send(frame("ok") + std::string("\0\0", 2));
    BOOST_TEST(receive_frames(in_header, 1) == std::vector<std::string>{"got:ok"});
    in_header.shutdown_send();
    BOOST_TEST(s.seen.wait_for("truncated"));

    tcp_client in_payload{s.srv.port()};
    in_payload.send(frame("0123456789").substr(0, 9));
    in_payload.shutdown_send();
    BOOST_TEST(s.seen.wait_for("truncated", 2));
    BOOST_TEST(in_payload.closed_within(3s));

    tcp_client clean{s.srv.port()};
    clean.send(frame("bye"));
    BOOST_TEST(receive_frames(clean, 1) == std::vector<std::string>{"got:bye"});
    clean.shutdown_send();
    BOOST_TEST(s.seen.wait_for("end"));
    BOOST_TEST(clean.closed_within(3s));
}

// ---- the readers on the client side, over tcp::socket_stream ----

BOOST_AUTO_TEST_CASE(client_side_lines_over_socket_stream) {
    runtime rt{two_threads()};
    line_server echo{rt};
    // Sends sticky lines in one write, then ends the stream.
    tcp::server burst{rt, {}, [](tcp::connection& c) -> task<void> {
        std::string_view all = "l1\nl2\r\n\nl3\n";
        co_await c.write(asio::buffer(all));
    }};
    background_runtime bg{rt};

    auto talk = [](std::uint16_t port) -> task<std::vector<std::string>> {
        auto socket = co_await tcp::connect("127.0.0.1", port);
        tcp::socket_stream stream{socket};
        line_reader lines{stream};
        std::vector<std::string> got;
        for (std::string_view out : {"alpha", "", "gamma \xe4\xbd\xa0\xe5\xa5\xbd"}) {
            co_await write_line(stream, out);
            got.push_back((co_await lines.next()).value_or("<none>"));
        }
        co_return got;
    };
    BOOST_TEST(run_client(talk(echo.srv.port())) ==
               (std::vector<std::string>{"got:alpha", "got:", "got:gamma \xe4\xbd\xa0\xe5\xa5\xbd"}));

    auto drain = [](std::uint16_t port) -> task<std::vector<std::string>> {
        auto socket = co_await tcp::connect("127.0.0.1", port);
        tcp::socket_stream stream{socket};
        line_reader lines{stream};
        std::vector<std::string> got;
        while (auto line = co_await lines.next()) got.push_back(*line);
        got.push_back("<end>");
        co_return got;
    };
    BOOST_TEST(run_client(drain(burst.port())) == (std::vector<std::string>{"l1", "l2", "", "l3", "<end>"}));
}

BOOST_AUTO_TEST_CASE(client_side_frames_over_socket_stream) {
    runtime rt{two_threads()};
    frame_server echo{rt};
    std::string big(300'000, 'B');
    // Three frames in one write, then a frame cut short by the end of the stream.
    tcp::server sticky_then_cut{rt, {}, [&big](tcp::connection& c) -> task<void> {
        std::string all = frame("one") + frame("") + frame(big) + frame("cut short").substr(0, 6);
        co_await c.write(asio::buffer(all));
    }};
    tcp::server hostile{rt, {}, [](tcp::connection& c) -> task<void> {
        std::string_view all{"\xff\xff\xff\xf0", 4};
        co_await c.write(asio::buffer(all));
    }};
    background_runtime bg{rt};

    auto talk = [](std::uint16_t port) -> task<std::vector<std::string>> {
        auto socket = co_await tcp::connect("127.0.0.1", port);
        tcp::socket_stream stream{socket};
        frame_reader frames{stream};
        std::vector<std::string> got;
        for (std::string out : {std::string("x"), std::string(), std::string("\0binary\0", 8)}) {
            co_await write_frame(stream, out);
            got.push_back((co_await frames.next()).value_or("<none>"));
        }
        co_return got;
    };
    BOOST_TEST(run_client(talk(echo.srv.port())) ==
               (std::vector<std::string>{"got:x", "got:", "got:" + std::string("\0binary\0", 8)}));

    auto read_all = [](std::uint16_t port) -> task<std::vector<std::string>> {
        auto socket = co_await tcp::connect("127.0.0.1", port);
        tcp::socket_stream stream{socket};
        frame_reader frames{stream};
        std::vector<std::string> got;
        try {
            while (auto f = co_await frames.next()) got.push_back(f->size() > 10 ? std::to_string(f->size()) : *f);
            got.push_back("<end>");
        } catch (const boost::system::system_error& e) {
            got.push_back(describe(e.code()));
        }
        co_return got;
    };
    BOOST_TEST(run_client(read_all(sticky_then_cut.port())) ==
               (std::vector<std::string>{"one", "", "300000", "truncated"}));
    BOOST_TEST(run_client(read_all(hostile.port())) == (std::vector<std::string>{"too long"}));
}

// A read that fails (here: cancelled, as a timeout racing the read would do) must leave the
// reader as it was: the next message comes out whole, with nothing from the failed read in it.
BOOST_AUTO_TEST_CASE(readers_stay_usable_after_a_failed_read) {
    runtime rt{two_threads()};
    line_server lines_echo{rt};
    frame_server frames_echo{rt};
    background_runtime bg{rt};

    auto lines_after_cancel = [](std::uint16_t port) -> task<std::vector<std::string>> {
        auto socket = co_await tcp::connect("127.0.0.1", port);
        tcp::socket_stream stream{socket};
        line_reader lines{stream};
        std::vector<std::string> got;
        // The server says nothing until asked: the read waits, and is cancelled.
        asio::steady_timer timer{socket.get_executor(), 50ms};
        timer.async_wait([&socket](boost::system::error_code) { socket.cancel(); });
        try {
            got.push_back((co_await lines.next()).value_or("<none>"));
        } catch (const boost::system::system_error& e) {
            got.push_back(e.code() == asio::error::operation_aborted ? "cancelled" : e.code().message());
        }
        co_await write_line(stream, "ping");
        got.push_back((co_await lines.next()).value_or("<none>"));
        co_return got;
    };
    BOOST_TEST(run_client(lines_after_cancel(lines_echo.srv.port())) == (std::vector<std::string>{"cancelled", "got:ping"}));

    auto frames_after_cancel = [](std::uint16_t port) -> task<std::vector<std::string>> {
        auto socket = co_await tcp::connect("127.0.0.1", port);
        tcp::socket_stream stream{socket};
        frame_reader frames{stream};
        std::vector<std::string> got;
        asio::steady_timer timer{socket.get_executor(), 50ms};
        timer.async_wait([&socket](boost::system::error_code) { socket.cancel(); });
        try {
            got.push_back((co_await frames.next()).value_or("<none>"));
        } catch (const boost::system::system_error& e) {
            got.push_back(e.code() == asio::error::operation_aborted ? "cancelled" : e.code().message());
        }
        co_await write_frame(stream, "ping");
        got.push_back((co_await frames.next()).value_or("<none>"));
        co_return got;
    };
    BOOST_TEST(run_client(frames_after_cancel(frames_echo.srv.port())) == (std::vector<std::string>{"cancelled", "got:ping"}));
}

// A task starts when it is awaited, not when it is made: what the caller passed must be
// copied at the call, since a temporary argument is gone by the time the task runs.
BOOST_AUTO_TEST_CASE(writers_and_connect_copy_their_arguments_at_the_call) {
    runtime rt{two_threads()};
    line_server lines_echo{rt};
    frame_server frames_echo{rt};
    background_runtime bg{rt};
    // Long enough to live on the heap (where a freed buffer is soon overwritten), short enough
    // for the echo's line limit.
    const std::string payload = std::string(40, 'p') + "end";

    auto client = [&payload](std::uint16_t line_port, std::uint16_t frame_port) -> task<std::vector<std::string>> {
        auto connecting = [line_port] {
            std::string host = "127.0.0.1";
            host.reserve(200);
            return tcp::connect(host, line_port);     // `host` is gone before the task runs
        }();
        auto line_socket = co_await std::move(connecting);
        tcp::socket_stream line_stream{line_socket};
        line_reader lines{line_stream};
        auto line_write = write_line(line_stream, std::string(payload));   // the temporary dies here
        co_await std::move(line_write);
        std::vector<std::string> got;
        got.push_back((co_await lines.next()).value_or("<none>"));

        auto frame_socket = co_await tcp::connect("127.0.0.1", frame_port);
        tcp::socket_stream frame_stream{frame_socket};
        frame_reader frames{frame_stream};
        auto frame_write = write_frame(frame_stream, std::string(payload));
        co_await std::move(frame_write);
        got.push_back((co_await frames.next()).value_or("<none>"));
        co_return got;
    };
    BOOST_TEST(run_client(client(lines_echo.srv.port(), frames_echo.srv.port())) ==
               (std::vector<std::string>{"got:" + payload, "got:" + payload}));
}
