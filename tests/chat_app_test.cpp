// Black-box tests of apps/chat: the real coronet-chat on a free port, its members real UDP
// sockets (chat_member.hpp) and the real coronet-chat-client with its standard input a pipe.
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <string>
#include <vector>

#include "chat_member.hpp"
#include "support/test_support.hpp"

using namespace coronet::testing;

namespace {

// The server on a free port.
struct chat_app {
    explicit chat_app(std::vector<std::string> extra = {}) {
        std::vector<std::string> argv{CORONET_CHAT_BIN, "--port", "0", "--log-level", "warn"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        process.emplace(argv);
        auto line = process->wait_for_line("udp listening on 127.0.0.1:");
        BOOST_REQUIRE(line);
        port = port_of(*line);
    }
    std::optional<child_process> process;
    std::uint16_t port = 0;
};

// A member that joined as `name`.
struct joined : chat_member {
    joined(const chat_app& app, const std::string& name) : chat_member(app.port) {
        BOOST_REQUIRE_EQUAL(ask("JOIN " + name), "WELCOME " + name);
    }
};

// Keeps `m` in the room (a PING every 100 ms) while waiting, up to `limit`, for a datagram
// that starts with `prefix`; "(nothing)" if none came.
std::string beat_until(chat_member& m, std::string_view prefix, std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        m.send("PING");
        auto got = m.wait_for(prefix, 100ms);
        if (got != "(nothing)") return got;
    }
    return "(nothing)";
}

// Runs a program to its end: its exit status (-1 if it did not end), and what it printed
// into `printed` when given.
int run(const std::vector<std::string>& argv, std::string* printed = nullptr) {
    child_process p{argv};
    auto text = p.read_all(10s);
    if (printed) *printed = std::move(text);
    return p.wait_exit(10s).value_or(-1);
}

// The write end of a FIFO whose reader is a child process, opened once the reader is there.
int open_for_writing(const std::filesystem::path& fifo) {
    auto deadline = std::chrono::steady_clock::now() + 10s;
    for (;;) {
        int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd >= 0) {
            ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
            return fd;
        }
        if (errno != ENXIO || std::chrono::steady_clock::now() > deadline) return -1;
        ::usleep(1000);     // the reader has not opened it yet
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(help_and_bad_flags) {
    std::string help, client_help;
    BOOST_TEST(run({CORONET_CHAT_BIN, "--help"}, &help) == 0);
    for (auto flag : {"--bind", "--port", "9003", "--timeout", "--max-members", "--max-message", "--threads", "--log-level"})
        BOOST_TEST(help.find(flag) != std::string::npos, flag);
    BOOST_TEST(run({CORONET_CHAT_CLIENT_BIN, "--help"}, &client_help) == 0);
    for (auto flag : {"--name", "--host", "--port", "--heartbeat", "/who", "/quit"})
        BOOST_TEST(client_help.find(flag) != std::string::npos, flag);
    for (auto bad : {"abc", "0s", "-1s", "5h", "1.5s"})
        BOOST_TEST(run({CORONET_CHAT_BIN, "--timeout", bad}) == 2, bad);
    BOOST_TEST(run({CORONET_CHAT_BIN, "--max-members", "0"}) == 2);
    BOOST_TEST(run({CORONET_CHAT_CLIENT_BIN}) == 2);     // no --name
}

BOOST_AUTO_TEST_CASE(three_members_chat_in_chinese_and_names_are_unique) {
    chat_app app;
    joined zhang{app, "张三"};
    joined li{app, "李四"};
    BOOST_TEST(zhang.next().value_or("") == "JOINED 李四");
    joined wang{app, "王五"};
    BOOST_TEST(zhang.next().value_or("") == "JOINED 王五");
    BOOST_TEST(li.next().value_or("") == "JOINED 王五");

    li.send("SAY 大家好！今天吃什么？");
    BOOST_TEST(zhang.next().value_or("") == "FROM 李四: 大家好！今天吃什么？");
    BOOST_TEST(wang.next().value_or("") == "FROM 李四: 大家好！今天吃什么？");
    BOOST_TEST(li.ask("PING") == "PONG");   // the sender gets no echo: the PONG comes first

    chat_member stranger{app.port};
    BOOST_TEST(stranger.ask("JOIN 张三") == "ERROR name taken: 张三");
    BOOST_TEST(stranger.ask("JOIN 张三 丰") == "ERROR a name has no spaces, commas, colons or control characters");
    BOOST_TEST(zhang.ask("WHO") == "MEMBERS 张三, 李四, 王五");

    BOOST_TEST(wang.ask("LEAVE") == "BYE");
    BOOST_TEST(zhang.next().value_or("") == "LEFT 王五");
    BOOST_TEST(li.next().value_or("") == "LEFT 王五");
    BOOST_TEST(stranger.ask("JOIN 王五") == "WELCOME 王五");   // a free name again
    // The same address joins again under a new name: a rename, told to the others.
    BOOST_TEST(stranger.ask("JOIN 赵六") == "WELCOME 赵六");
    BOOST_TEST(zhang.wait_for("RENAMED") == "RENAMED 王五 赵六");
}

BOOST_AUTO_TEST_CASE(bad_messages_and_strangers_get_error_datagrams) {
    chat_app app{{"--max-members", "2"}};
    joined a{app, "alice"};
    joined b{app, "bob"};
    BOOST_TEST(a.next().value_or("") == "JOINED bob");

    BOOST_TEST(a.ask("SAY " + std::string(1025, 'x')) == "ERROR message over 1024 bytes");
    std::string long_chinese;
    for (int i = 0; i < 400; ++i) long_chinese += "长";     // 1200 bytes in 400 characters
    BOOST_TEST(a.ask("SAY " + long_chinese) == "ERROR message over 1024 bytes");
    BOOST_TEST(a.ask("SAY " + std::string(60'000, 'x')) == "ERROR message over 1024 bytes");
    BOOST_TEST(a.ask("SAY caf\xc3") == "ERROR message is not valid UTF-8");
    BOOST_TEST(a.ask("SAY \xff\xfe") == "ERROR message is not valid UTF-8");
    BOOST_TEST(a.ask("JOIN \xe4\xbd") == "ERROR name is not valid UTF-8");
    BOOST_TEST(a.ask("HELLO") == "ERROR unknown command: JOIN name, SAY text, PING, WHO or LEAVE");
    // None of them reached bob: the next thing he gets is what alice says next.
    a.send("SAY " + std::string(1024, 'y'));
    BOOST_TEST(b.next().value_or("") == "FROM alice: " + std::string(1024, 'y'));

    chat_member stranger{app.port};
    BOOST_TEST(stranger.ask("SAY hi") == "ERROR not joined: JOIN name first");
    BOOST_TEST(stranger.ask("WHO") == "ERROR not joined: JOIN name first");
    BOOST_TEST(stranger.ask("JOIN carol") == "ERROR room full: 2 members");
}

BOOST_AUTO_TEST_CASE(a_member_whose_heartbeats_stop_is_removed_and_the_room_told) {
    chat_app app{{"--timeout", "300ms"}};
    joined stays{app, "stays"};
    joined goes{app, "goes"};
    BOOST_TEST(beat_until(stays, "LEFT", 5s) == "LEFT goes (timed out)");
    BOOST_TEST(goes.wait_for("BYE") == "BYE timed out");
    BOOST_TEST(goes.ask("SAY back?") == "ERROR not joined: JOIN name first");
    stays.send("WHO");
    BOOST_TEST(stays.wait_for("MEMBERS") == "MEMBERS stays");
}

BOOST_AUTO_TEST_CASE(the_terminal_client_sends_what_is_piped_and_prints_what_arrives) {
    chat_app app{{"--timeout", "500ms"}};
    joined han{app, "韩梅梅"};
    temp_directory dir;
    auto fifo = dir.path() / "stdin";
    BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    child_process client{{"/bin/sh", "-c", R"(exec "$0" --port "$1" --name 李雷 --heartbeat 100ms < "$2")",
                          CORONET_CHAT_CLIENT_BIN, std::to_string(app.port), fifo.string()}};
    int in = open_for_writing(fifo);
    BOOST_REQUIRE(in >= 0);
    BOOST_TEST(client.wait_for_line("* you are").value_or("") == "* you are 李雷 (/help for commands)");
    BOOST_TEST(beat_until(han, "JOINED", 5s) == "JOINED 李雷");

    han.send("SAY 你好，李雷");
    BOOST_TEST(client.wait_for_line("韩梅梅").value_or("") == "韩梅梅: 你好，李雷");
    std::string typed = "大家好！\n/who\n";
    BOOST_REQUIRE(::write(in, typed.data(), typed.size()) == static_cast<ssize_t>(typed.size()));
    BOOST_TEST(beat_until(han, "FROM", 5s) == "FROM 李雷: 大家好！");
    BOOST_TEST(client.wait_for_line("* in the room").value_or("") == "* in the room: 李雷, 韩梅梅");

    // Twice the server's timeout with nothing typed: the client's heartbeats keep it in.
    BOOST_TEST(beat_until(han, "LEFT", 1000ms) == "(nothing)");

    ::close(in);    // end of input: the client leaves and exits
    BOOST_TEST(beat_until(han, "LEFT", 5s) == "LEFT 李雷");
    BOOST_TEST(client.wait_for_line("* you left").value_or("") == "* you left the room");
    BOOST_TEST(client.wait_exit().value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(the_client_exits_when_its_name_is_taken) {
    chat_app app;
    joined first{app, "小明"};
    std::string printed;
    BOOST_TEST(run({CORONET_CHAT_CLIENT_BIN, "--port", std::to_string(app.port), "--name", "小明"}, &printed) == 1);
    BOOST_TEST(printed == "! name taken: 小明\n");
}

BOOST_AUTO_TEST_CASE(sigterm_tells_the_members_and_the_server_exits) {
    chat_app app;
    joined a{app, "a"};
    joined b{app, "b"};
    app.process->signal(SIGTERM);
    BOOST_TEST(a.wait_for("BYE") == "BYE server shutting down");
    BOOST_TEST(b.wait_for("BYE") == "BYE server shutting down");
    BOOST_TEST(app.process->wait_exit().value_or(-1) == 0);
}
