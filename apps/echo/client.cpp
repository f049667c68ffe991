// coronet-echo-client: talks to a coronet-echo server.
//   coronet-echo-client [--mode raw|lines|frames] [--host H] [--port N] [--timeout S] MESSAGE...
//       sends the words as one message (joined by spaces) and prints the answer
//   coronet-echo-client [--mode raw|lines|frames] [--host H] [--port N] [--timeout S]
//       a prompt, like the seeds' client: read a line, send it, print the echo; until "quit" or
//       the end of input
// Exits 0 when every answer was the echo, 1 when the server answered something else (an error
// such as "error: line over 65536 bytes; closing"), 2 when it could not be asked.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "app_flags.hpp"
#include "echo_client.hpp"

namespace po = boost::program_options;
using coronet_echo_app::echo_client;

namespace {

// Prints the answer (on stderr if it is not the echo); the exit status it stands for.
int show(echo_client& client, std::string_view message) {
    try {
        auto answer = client.exchange(message);
        bool echoed = answer == message;
        (echoed ? std::cout : std::cerr) << answer << std::endl;
        return echoed ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "coronet-echo-client: " << e.what() << std::endl;
    }
    return 2;
}

int prompt(echo_client& client) {
    bool interactive = ::isatty(STDIN_FILENO);
    int status = 0;
    std::string line;
    for (;;) {
        if (interactive) std::cout << "echo> " << std::flush;
        if (!std::getline(std::cin, line) || line == "quit") break;
        status = std::max(status, show(client, line));
    }
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    std::string mode_name, host;
    std::uint16_t port;
    double timeout_seconds;
    std::vector<std::string> words;
    po::options_description flags(
        "coronet-echo-client: sends messages to a coronet-echo server and prints the echoes.\n"
        "  coronet-echo-client [options] MESSAGE...   sends the words as one message, prints the answer\n"
        "  coronet-echo-client [options]              a prompt: one message a line, until \"quit\" or end of input\n"
        "Exits 0 if every answer was the echo, 1 if the server answered an error, 2 if it could not be asked.\n"
        "Options");
    flags.add_options()
        ("help", "show this help")
        ("mode", po::value(&mode_name)->default_value("raw"), "raw, lines or frames: as the server's --mode")
        ("host", po::value(&host)->default_value("127.0.0.1"), "the server's name or address")
        ("port", po::value(&port)->default_value(9002), "the server's port")
        ("timeout", po::value(&timeout_seconds)->default_value(5), "seconds to wait for each answer");
    po::options_description positional_flags;
    positional_flags.add_options()("message", po::value(&words));
    po::positional_options_description positional;
    positional.add("message", -1);
    po::options_description all;
    all.add(flags).add(positional_flags);
    po::variables_map vm;
    if (auto status = coronet_apps::parse_flags(po::command_line_parser(argc, argv).options(all).positional(positional), flags, vm))
        return *status;
    auto mode = coronet::handlers::parse_echo_mode(mode_name);
    if (!mode) {
        std::cerr << "--mode: raw, lines or frames, not " << mode_name << "\n";
        return 2;
    }
    if (!(timeout_seconds > 0 && timeout_seconds <= 3600)) {
        std::cerr << "--timeout: more than 0 and at most 3600 seconds\n";
        return 2;
    }
    echo_client client{*mode, host, port, std::chrono::milliseconds(static_cast<long>(timeout_seconds * 1000))};
    if (words.empty()) return prompt(client);
    std::string message;
    for (const auto& w : words) message.append(message.empty() ? "" : " ").append(w);
    return show(client, message);
}
