// coronet-chat-client: a terminal member of a coronet-chat room. A separate program rather than
// a subcommand of coronet-chat (as coronet-dict is beside coronet-dictionary): it shares none of
// the server's flags, and it is what a user runs, many at once, against one server.
//   coronet-chat-client --name 小明 [--host 127.0.0.1] [--port 9003] [--heartbeat 10s]
// Lines typed (or piped) are said to the room; what arrives is printed as it arrives; /who,
// /quit, /help. Leaves on /quit, end of input, SIGINT or SIGTERM. Exit status: 0 after leaving,
// 1 if the room refused the name or no server answered, 2 for bad flags.
#include <signal.h>

#include <iostream>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "app_flags.hpp"
#include "chat_session.hpp"
#include "duration_flag.hpp"
#include "stdin_lines.hpp"

namespace po = boost::program_options;
namespace asio = boost::asio;
using namespace coronet_chat_app;

int main(int argc, char** argv) {
    std::string host, name;
    std::uint16_t port;
    duration_flag heartbeat;
    po::options_description flags(
        "coronet-chat-client: joins a coronet-chat room as NAME; each line typed is said to the room and what\n"
        "the others say is printed as it arrives. /who lists the members, /quit (or end of input, or Ctrl-C)\n"
        "leaves. Options");
    flags.add_options()
        ("help", "show this help")
        ("name", po::value(&name), "your name in the room: up to 32 bytes, no spaces, commas or colons")
        ("host", po::value(&host)->default_value("127.0.0.1"), "the server's name or address")
        ("port", po::value(&port)->default_value(9003), "the server's UDP port")
        ("heartbeat", po::value(&heartbeat)->default_value(duration_flag{std::chrono::seconds(10)}, "10s"),
         "how often to tell the server we are still here (it forgets members silent for its --timeout, 30s)");
    po::variables_map vm;
    if (auto status = coronet_apps::parse_flags(po::command_line_parser(argc, argv).options(flags), flags, vm)) return *status;
    if (name.empty()) {
        std::cerr << "--name is needed: the name to join the room under\n" << flags;
        return 2;
    }

    asio::io_context ctx(1);
    asio::ip::udp::endpoint server;
    try {
        asio::ip::udp::resolver resolver(ctx);
        server = *resolver.resolve(host, std::to_string(port)).begin();
    } catch (const std::exception& e) {
        std::cerr << fmt::format("cannot resolve {}: {}\n", host, e.what());
        return 1;
    }
    chat_session session(ctx, server, name, heartbeat.value);
    std::optional<stdin_lines> input;
    // Read what is typed only once in the room: earlier lines wait in the terminal or pipe.
    session.on_joined = [&] {
        input.emplace(ctx, [&](std::string line) { session.typed(line); }, [&] { session.leave(); });
    };
    asio::signal_set signals(ctx, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code ec, int) {
        if (!ec) session.leave();
    });
    session.start();
    ctx.run();
    input.reset();
    return session.status();
}
