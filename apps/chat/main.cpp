// coronet-chat: the UDP chat room (seed 003 §3) on UDP port 9003 by default (the hello app's
// UDP echo has 9000, the dictionary's lookup 8888). The protocol is in
// coronet/handlers/chat_protocol.hpp; coronet-chat-client is a terminal client for it.
#include <iostream>
#include <optional>
#include <string>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <coronet/handlers/chat_server.hpp>
#include <coronet/runtime.hpp>

#include "app_flags.hpp"
#include "duration_flag.hpp"

namespace po = boost::program_options;
using namespace coronet;
using coronet_chat_app::duration_flag;

int main(int argc, char** argv) {
    std::string bind, level, log_file;
    std::uint16_t port;
    unsigned threads;
    duration_flag timeout;
    handlers::chat_options chat;
    po::options_description flags(
        "coronet-chat: a chat room over UDP. Members join with a name (JOIN name), what one says (SAY text) is\n"
        "relayed to the others, and a member whose heartbeats (PING) stop for --timeout is removed.\n"
        "Talk to it with coronet-chat-client --name NAME, or `nc -u 127.0.0.1 9003`.\n"
        "Prints \"udp listening on ADDR:PORT\" once it serves. Options");
    flags.add_options()
        ("help", "show this help")
        ("bind", po::value(&bind)->default_value("127.0.0.1"), "address to listen on (\"::\" for every address)")
        ("port", po::value(&port)->default_value(9003), "UDP port (0: a free one); 9003, as 9000 and 8888 are the "
         "hello and dictionary apps'")
        ("timeout", po::value(&timeout)->default_value(duration_flag{std::chrono::seconds(30)}, "30s"),
         "remove a member not heard from for this long (e.g. 30s, 1500ms, 2m); clients beat every 10 s")
        ("max-members", po::value(&chat.max_members)->default_value(chat.max_members), "room size; a JOIN beyond it is refused")
        ("max-message", po::value(&chat.max_message_bytes)->default_value(chat.max_message_bytes),
         "longest message relayed, in bytes of UTF-8; a longer one is refused with an error")
        ("threads", po::value(&threads)->default_value(1), "threads (the room runs on one: more only idle)")
        ("log-level", po::value(&level)->default_value("info"), "trace, debug, info, warn, error or off")
        ("log-file", po::value(&log_file), "append the log to this file instead of stderr");
    po::variables_map vm;
    if (auto status = coronet_apps::parse_flags(po::command_line_parser(argc, argv).options(flags), flags, vm)) return *status;
    if (!coronet_apps::configure_logging(level, log_file)) return 2;
    if (chat.max_members == 0 || chat.max_message_bytes == 0) {
        std::cerr << "--max-members and --max-message must be at least 1\n";
        return 2;
    }
    chat.timeout = timeout.value;

    runtime rt{{.threads = threads}};
    std::optional<handlers::chat_server> room;
    try {
        room.emplace(rt, udp::server_options{.address = bind, .port = port}, chat);
    } catch (const std::exception& e) {
        std::cerr << fmt::format("cannot listen on {}:{}: {}\n", bind, port, coronet_apps::error_text(e));
        return 1;
    }
    std::cout << fmt::format("udp listening on {}:{}\n", bind, room->port()) << std::flush;
    rt.run();   // until SIGINT/SIGTERM; the members are told "BYE server shutting down"
    return 0;
}
