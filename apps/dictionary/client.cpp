// coronet-dict: looks words up in a coronet-dictionary over UDP, TCP or HTTP.
//   coronet-dict [--via udp|tcp|http] [--host H] [--port N] lookup WORD...
//   coronet-dict [--via udp|tcp|http] [--host H] [--port N]    a prompt, like the seeds' client
// lookup exits 0 when every word was found, 1 when one was not, 2 on an error.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <boost/system/system_error.hpp>
#include <fmt/format.h>

#include "app_flags.hpp"
#include "lookup_client.hpp"
#include "port_flag.hpp"

namespace po = boost::program_options;
using namespace coronet_dictionary_app;
using coronet_apps::port_flag;

namespace {

std::uint16_t default_port(via protocol) {
    switch (protocol) {
    case via::udp: return 8888;
    case via::tcp: return 8889;
    case via::http: return 8081;
    }
    return 0;
}

// Prints the answer; the exit status it stands for.
int show(lookup_client& client, std::string_view word) {
    try {
        auto answer = client.lookup(word);
        (answer.status == lookup_answer::kind::error ? std::cerr : std::cout) << answer.text << "\n";
        switch (answer.status) {
        case lookup_answer::kind::found: return 0;
        case lookup_answer::kind::not_found: return 1;
        case lookup_answer::kind::error: return 2;
        }
    } catch (const boost::system::system_error& e) {
        std::cerr << "coronet-dict: " << e.code().message() << "\n";   // without Asio's source location
    } catch (const std::exception& e) {
        std::cerr << "coronet-dict: " << e.what() << "\n";
    }
    return 2;
}

// The seeds' client: read a word, send it, print the answer; until an empty line or end of input.
int prompt(lookup_client& client) {
    bool interactive = ::isatty(STDIN_FILENO);
    std::string word;
    for (;;) {
        if (interactive) std::cout << "word> " << std::flush;
        if (!std::getline(std::cin, word) || word.empty()) break;
        show(client, word);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string via_name, host, command;
    port_flag port;
    double timeout_seconds = 5;
    std::vector<std::string> words;
    po::options_description flags(
        "coronet-dict: looks words up in a coronet-dictionary.\n"
        "  coronet-dict [options] lookup WORD...   prints each answer; exits 0 if all found, 1 if one was not, 2 on errors\n"
        "  coronet-dict [options]                  a prompt: one word a line, until an empty line\n"
        "Options");
    flags.add_options()
        ("help", "show this help")
        ("via", po::value(&via_name)->default_value("udp"), "udp, tcp or http")
        ("host", po::value(&host)->default_value("127.0.0.1"), "the server's name or address")
        ("port", po::value(&port), "the server's port (default: udp 8888, tcp 8889, http 8081)")
        ("timeout", po::value(&timeout_seconds)->default_value(5), "seconds to wait for each answer");
    po::variables_map vm;
    if (auto status = coronet_apps::parse_command_line(argc, argv, flags, command, words, vm)) return *status;
    via protocol;
    if (via_name == "udp") protocol = via::udp;
    else if (via_name == "tcp") protocol = via::tcp;
    else if (via_name == "http") protocol = via::http;
    else {
        std::cerr << "--via: udp, tcp or http, not " << via_name << "\n";
        return 2;
    }
    if (vm.count("port") && !port.port) {
        std::cerr << "--port: a port number is needed\n";
        return 2;
    }
    if (!(timeout_seconds > 0 && timeout_seconds <= 3600)) {
        std::cerr << "--timeout: more than 0 and at most 3600 seconds\n";
        return 2;
    }
    if (!command.empty() && command != "lookup") {
        std::cerr << "unknown command " << command << " (lookup WORD, or none for a prompt)\n";
        return 2;
    }
    if (command == "lookup" && words.empty()) {
        std::cerr << "lookup: which word?\n";
        return 2;
    }
    auto client = make_lookup_client(protocol, host, port.port.value_or(default_port(protocol)),
                                     std::chrono::milliseconds(static_cast<long>(timeout_seconds * 1000)));
    if (command.empty()) return prompt(*client);
    int status = 0;
    for (const auto& w : words) status = std::max(status, show(*client, w));
    return status;
}
