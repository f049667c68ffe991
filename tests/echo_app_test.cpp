// Black-box tests of apps/echo: the real coronet-echo, started on a free port in each mode and
// spoken to by many raw TCP clients at once and by the real coronet-echo-client (one message
// from its command line, and its prompt fed through stdin), then stopped with a signal. What
// the server logs (to a file) shows each client arriving and leaving, with the count connected.
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <fmt/format.h>

#include "support/test_support.hpp"

using namespace coronet::testing;

namespace {

// The server on a free port, logging to a file in a temporary directory.
struct echo_app {
    explicit echo_app(std::string mode, std::vector<std::string> extra = {}) {
        std::vector<std::string> argv{CORONET_ECHO_BIN, "--mode", mode, "--port", "0", "--threads", "2",
                                      "--log-file", log_path().string()};
        argv.insert(argv.end(), extra.begin(), extra.end());
        process.emplace(argv);
        auto line = process->wait_for_line("tcp listening on 127.0.0.1:");
        BOOST_REQUIRE(line);
        port = port_of(*line);
    }

    std::filesystem::path log_path() const { return dir.path() / "echo.log"; }
    std::string log() const { return read_file(log_path()); }
    bool logged(std::string_view text) const {
        return wait_until([&] { return log().find(text) != std::string::npos; });
    }

    temp_directory dir;
    std::optional<child_process> process;
    std::uint16_t port = 0;
};

struct run_result {
    std::string out;
    int status = -1;
};

// Runs a program to its end with `input` as its stdin (a file; none: /dev/null); `merged`
// puts its stderr in `out` too.
run_result run(const std::vector<std::string>& argv, std::optional<std::string_view> input = {}, bool merged = false) {
    temp_directory dir;
    std::string script = "exec \"$@\" </dev/null";
    if (input) {
        write_file(dir.path() / "stdin", *input);
        script = fmt::format("exec \"$@\" <'{}'", (dir.path() / "stdin").string());
    }
    if (merged) script += " 2>&1";
    std::vector<std::string> shell{"/bin/sh", "-c", script, "sh"};
    shell.insert(shell.end(), argv.begin(), argv.end());
    child_process p{shell};
    run_result r;
    r.out = p.read_all(10s);
    r.status = p.wait_exit(10s).value_or(-1);
    return r;
}

run_result client(std::uint16_t port, std::string mode, std::vector<std::string> args,
                  std::optional<std::string_view> input = {}, bool merged = false) {
    std::vector<std::string> argv{CORONET_ECHO_CLIENT_BIN, "--mode", mode, "--port", std::to_string(port)};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, input, merged);
}

std::string frame(std::string_view payload) {
    std::string out;
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((payload.size() >> shift) & 0xff));
    out.append(payload);
    return out;
}

// What a client sends in `mode` to have `payload` echoed, and what it gets back.
std::string framed(std::string_view mode, std::string_view payload) {
    if (mode == "lines") return std::string(payload) + "\n";
    if (mode == "frames") return frame(payload);
    return std::string(payload);
}

auto has_bytes(std::size_t n) {
    return [n](std::string_view got) { return got.size() >= n; };
}

const std::vector<std::string> modes{"raw", "lines", "frames"};

}  // namespace

BOOST_AUTO_TEST_CASE(help_names_every_flag_and_bad_flags_are_refused) {
    auto help = run({CORONET_ECHO_BIN, "--help"});
    BOOST_TEST(help.status == 0);
    for (auto flag : {"--mode", "--bind", "--port", "9002", "--threads", "--max-line", "--max-frame", "--idle-timeout",
                      "--log-level", "--log-file"})
        BOOST_TEST(help.out.find(flag) != std::string::npos, flag);
    BOOST_TEST(run({CORONET_ECHO_BIN, "--mode", "words"}).status == 2);
    BOOST_TEST(run({CORONET_ECHO_BIN, "--max-line", "0"}).status == 2);
    BOOST_TEST(run({CORONET_ECHO_BIN, "--port", "65536"}).status == 2);
    auto client_help = run({CORONET_ECHO_CLIENT_BIN, "--help"});
    BOOST_TEST(client_help.status == 0);
    for (auto flag : {"--mode", "--host", "--port", "--timeout", "quit"})
        BOOST_TEST(client_help.out.find(flag) != std::string::npos, flag);
    BOOST_TEST(run({CORONET_ECHO_CLIENT_BIN, "--mode", "words", "hi"}).status == 2);
}

BOOST_AUTO_TEST_CASE(fifty_clients_at_once_in_each_mode_then_all_of_them_leave) {
    constexpr std::size_t clients = 50;
    for (const auto& mode : modes) {
        BOOST_TEST_CONTEXT("mode " << mode) {
            echo_app app{mode};
            std::vector<std::unique_ptr<tcp_client>> open;
            for (std::size_t i = 0; i < clients; ++i) open.push_back(std::make_unique<tcp_client>(app.port));
            // Every client is being served at the same time: none waits for another to leave.
            BOOST_TEST(app.logged(fmt::format("({} connected)", clients)), app.log());
            for (std::size_t i = 0; i < clients; ++i) open[i]->send(framed(mode, fmt::format("client {} says 你好", i)));
            for (std::size_t i = clients; i-- > 0;) {
                auto expected = framed(mode, fmt::format("client {} says 你好", i));
                BOOST_TEST(open[i]->receive(5s, has_bytes(expected.size())) == expected);
            }
            // Clients going away are seen and cleaned up: the count logged goes down to 0.
            for (auto& c : open) c->close();
            BOOST_TEST(app.logged("(0 connected)"), app.log());
            BOOST_TEST(app.log().find("left: the client closed the connection") != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(binary_bytes_come_back_intact_in_raw_and_frames_modes) {
    std::string bytes;
    for (int round = 0; round < 3; ++round)
        for (int b = 255; b >= 0; --b) bytes.push_back(static_cast<char>(b));
    for (std::string mode : {"raw", "frames"}) {
        BOOST_TEST_CONTEXT("mode " << mode) {
            echo_app app{mode};
            tcp_client c{app.port};
            auto sent = framed(mode, bytes) + framed(mode, std::string("\0\xff\0", 3));
            c.send(sent);
            BOOST_TEST((c.receive(5s, has_bytes(sent.size())) == sent));
        }
    }
}

BOOST_AUTO_TEST_CASE(the_client_sends_its_command_line_as_one_message) {
    for (const auto& mode : modes) {
        BOOST_TEST_CONTEXT("mode " << mode) {
            echo_app app{mode};
            auto r = client(app.port, mode, {"hello,", "echo", "你好"});
            BOOST_TEST(r.status == 0);
            BOOST_TEST(r.out == "hello, echo 你好\n");
        }
    }
}

BOOST_AUTO_TEST_CASE(the_clients_prompt_reads_stdin_until_quit) {
    for (const auto& mode : modes) {
        BOOST_TEST_CONTEXT("mode " << mode) {
            echo_app app{mode};
            auto r = client(app.port, mode, {}, "first\nsecond line 你好\nquit\nnever sent\n");
            BOOST_TEST(r.status == 0);
            BOOST_TEST(r.out == "first\nsecond line 你好\n");   // no "echo> " when stdin is not a terminal
            BOOST_TEST(app.log().find("never sent") == std::string::npos);
        }
    }
    // Binary bytes through the prompt (frames carry any byte); the end of input ends it too.
    echo_app app{"frames"};
    auto line = std::string("nul \0 and ff \xff", 14);
    auto r = client(app.port, "frames", {}, line + "\n");
    BOOST_TEST(r.status == 0);
    BOOST_TEST((r.out == line + "\n"));
}

BOOST_AUTO_TEST_CASE(a_message_over_the_limit_is_answered_with_an_error) {
    {
        echo_app app{"lines", {"--max-line", "100"}};
        tcp_client c{app.port};
        c.send("short\n" + std::string(500, 'x') + "\n");
        BOOST_TEST(c.receive_all(5s) == "short\nerror: line over 100 bytes; closing\n");
        c.close();
        BOOST_TEST(app.logged("left: line over 100 bytes; closing (answered)"), app.log());
        // The client shows the error, and exits 1: the answer was not the echo.
        auto r = client(app.port, "lines", {std::string(200, 'y')}, {}, true);
        BOOST_TEST(r.status == 1);
        BOOST_TEST(r.out == "error: line over 100 bytes; closing\n");
    }
    {
        echo_app app{"frames", {"--max-frame", "100"}};
        tcp_client c{app.port};
        c.send(frame(std::string(500, 'x')));
        BOOST_TEST((c.receive_all(5s) == frame("error: frame over 100 bytes; closing")));
        auto r = client(app.port, "frames", {std::string(200, 'y')}, {}, true);
        BOOST_TEST(r.status == 1);
        BOOST_TEST(r.out == "error: frame over 100 bytes; closing\n");
        // A prompt goes on after an error, on a new connection.
        r = client(app.port, "frames", {}, std::string(101, 'z') + "\nfine\n", true);
        BOOST_TEST(r.status == 1);
        BOOST_TEST(r.out == "error: frame over 100 bytes; closing\nfine\n");
    }
}

BOOST_AUTO_TEST_CASE(an_idle_client_is_closed_and_the_server_stops_on_sigterm) {
    echo_app app{"lines", {"--idle-timeout", "0.2"}};
    tcp_client idle{app.port};
    BOOST_TEST(idle.closed_within(5s));
    BOOST_TEST(app.logged("(0 connected)"), app.log());
    auto r = client(app.port, "lines", {"still", "up"});
    BOOST_TEST(r.out == "still up\n");
    app.process->signal(SIGTERM);
    BOOST_TEST(app.process->wait_exit(10s).value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(the_client_without_a_server_says_so) {
    std::uint16_t port;
    {
        echo_app app{"raw"};   // a port that was just free, and is again once the server is gone
        port = app.port;
        app.process->signal(SIGTERM);
        BOOST_TEST(app.process->wait_exit(10s).value_or(-1) == 0);
    }
    auto r = client(port, "raw", {"anyone?"}, {}, true);
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.out.find("coronet-echo-client: ") == 0, r.out);
}

BOOST_AUTO_TEST_CASE(the_prompt_goes_on_after_a_server_that_does_not_answer) {
    // A listening socket that never accepts: the kernel completes the connections, nobody reads.
    boost::asio::io_context ctx;
    boost::asio::ip::tcp::acceptor mute(ctx, {boost::asio::ip::make_address("127.0.0.1"), 0});
    auto port = mute.local_endpoint().port();
    for (const auto& mode : modes) {
        BOOST_TEST_CONTEXT("mode " << mode) {
            auto r = client(port, mode, {"--timeout", "0.2"}, "one\ntwo\nthree\n", true);
            BOOST_TEST(r.status == 2, r.out);   // an error, reported: not a crash
            std::size_t told = 0;
            for (auto at = r.out.find("no answer"); at != std::string::npos; at = r.out.find("no answer", at + 1)) ++told;
            BOOST_TEST(told == 3u, r.out);
        }
    }
}
