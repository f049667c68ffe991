// chat_server over loopback, in-process: relaying with send_to, the sweep, and the goodbye on
// shutdown. (The rules themselves are chat_room_test's; the app's are tests/chat_app_test.)
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>

#include <coronet/handlers/chat_server.hpp>

#include "chat_member.hpp"
#include "support/test_support.hpp"

using namespace coronet;
using namespace coronet::testing;
using coronet::handlers::chat_server;

namespace {

struct live_chat {
    explicit live_chat(handlers::chat_options options = {}) : server(rt, {.port = 0}, (options.log = &log.log, options)) {}
    captured_log log;
    runtime rt{{.threads = 1, .handle_signals = false}};
    chat_server server;
    std::optional<background_runtime> running{std::in_place, rt};
};

}  // namespace

BOOST_AUTO_TEST_CASE(messages_are_relayed_from_the_servers_port) {
    live_chat chat;
    chat_member a{chat.server.port()}, b{chat.server.port()};
    BOOST_TEST(a.ask("JOIN a") == "WELCOME a");
    BOOST_TEST(b.ask("JOIN b") == "WELCOME b");
    BOOST_TEST(a.next().value_or("") == "JOINED b");
    b.send("SAY 你好");
    BOOST_TEST(a.next().value_or("") == "FROM b: 你好");
    BOOST_TEST(b.ask("PING") == "PONG");   // no echo came before it
    // Longer than the datagrams the server reads whole: refused by its size as sent.
    BOOST_TEST(b.ask("SAY " + std::string(5000, 'x')) == "ERROR message over 1024 bytes");
}

BOOST_AUTO_TEST_CASE(the_sweep_removes_the_silent) {
    live_chat chat{{.timeout = std::chrono::milliseconds(200)}};
    chat_member a{chat.server.port()}, b{chat.server.port()};
    BOOST_TEST(a.ask("JOIN a") == "WELCOME a");
    BOOST_TEST(b.ask("JOIN b") == "WELCOME b");
    // a keeps beating, b does not.
    auto deadline = std::chrono::steady_clock::now() + 3s;
    std::string seen;
    while (seen != "LEFT b (timed out)" && std::chrono::steady_clock::now() < deadline) {
        a.send("PING");
        seen = a.next(100ms).value_or("");
    }
    BOOST_TEST(seen == "LEFT b (timed out)");
    BOOST_TEST(b.wait_for("BYE") == "BYE timed out");
    a.send("WHO");
    BOOST_TEST(a.wait_for("MEMBERS") == "MEMBERS a");
}

BOOST_AUTO_TEST_CASE(shutdown_tells_every_member_before_the_runtime_stops) {
    live_chat chat;
    chat_member a{chat.server.port()}, b{chat.server.port()};
    BOOST_TEST(a.ask("JOIN a") == "WELCOME a");
    BOOST_TEST(b.ask("JOIN b") == "WELCOME b");
    chat.running.reset();   // a graceful shutdown, joined
    BOOST_TEST(a.wait_for("BYE") == "BYE server shutting down");
    BOOST_TEST(b.wait_for("BYE") == "BYE server shutting down");
}
