// coronet-echo: a TCP echo server, the seeds' "multi-task" server with a coroutine per client
// instead of a thread (handlers/echo).
//   coronet-echo [--mode raw|lines|frames] [--bind ADDR] [--port N] [--threads N]
//                [--max-line N] [--max-frame N] [--idle-timeout S] [--log-level L] [--log-file F]
// Port 9002 by default: coronet-hello already answers UDP on 9000 and TCP lines on 9001.
#include <iostream>
#include <optional>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <coronet/handlers/echo.hpp>
#include <coronet/runtime.hpp>
#include <coronet/tcp/server.hpp>

#include "app_flags.hpp"

namespace po = boost::program_options;
using namespace coronet;

int main(int argc, char** argv) {
    po::options_description flags(
        "coronet-echo: a TCP echo server; whatever a client sends comes back to it.\n"
        "Modes: raw (bytes as they come), lines (\"text\\n\"), frames (4-byte big-endian length + bytes).\n"
        "Options");
    std::string mode_name, bind, level, log_file;
    unsigned threads;
    std::uint16_t port;
    std::size_t max_line, max_frame;
    double idle_seconds;
    flags.add_options()
        ("help", "show this help")
        ("mode", po::value(&mode_name)->default_value("raw"), "raw, lines or frames")
        ("bind", po::value(&bind)->default_value("127.0.0.1"), "address to listen on")
        ("port", po::value(&port)->default_value(9002), "TCP port (0: a free one)")
        ("threads", po::value(&threads)->default_value(0), "threads (0: one per core)")
        ("max-line", po::value(&max_line)->default_value(64 * 1024), "lines: longest line in bytes; longer: an error, then close")
        ("max-frame", po::value(&max_frame)->default_value(1024 * 1024), "frames: longest payload in bytes; longer: an error, then close")
        ("idle-timeout", po::value(&idle_seconds)->default_value(60), "seconds a client may stay silent before it is closed")
        ("log-level", po::value(&level)->default_value("info"), "trace, debug, info, warn, error or off")
        ("log-file", po::value(&log_file), "append the log to this file instead of stderr");
    po::variables_map vm;
    if (auto status = coronet_apps::parse_flags(po::command_line_parser(argc, argv).options(flags), flags, vm)) return *status;
    auto mode = handlers::parse_echo_mode(mode_name);
    if (!mode) {
        std::cerr << "--mode: raw, lines or frames, not " << mode_name << "\n";
        return 2;
    }
    if (max_line == 0 || max_frame == 0 || !(idle_seconds > 0 && idle_seconds <= 86'400)) {
        std::cerr << "--max-line and --max-frame: at least 1; --idle-timeout: more than 0 and at most 86400 seconds\n";
        return 2;
    }
    if (!coronet_apps::configure_logging(level, log_file)) return 2;

    runtime rt{{.threads = threads}};
    std::optional<tcp::server> echo;
    try {
        echo.emplace(rt,
                     tcp::server_options{.address = bind,
                                         .port = port,
                                         .idle_timeout = std::chrono::milliseconds(static_cast<long>(idle_seconds * 1000))},
                     handlers::echo_handler({.mode = *mode, .max_line_bytes = max_line, .max_frame_bytes = max_frame}));
    } catch (const std::exception& e) {
        std::cerr << fmt::format("cannot listen on {}:{}: {}\n", bind, port, coronet_apps::error_text(e));
        return 1;
    }
    std::cout << fmt::format("tcp listening on {}:{}\n", bind, echo->port()) << std::flush;
    rt.run();
    return 0;
}
