// The smallest coronet service: HTTP, TCP and UDP from one process.
//   coronet-hello [--bind ADDR] [--http-port N] [--tcp-port N] [--udp-port N] [--threads N]
//                 [--log-level L] [--log-file F]
#include <iostream>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <coronet/http/router.hpp>
#include <coronet/http/server.hpp>
#include <coronet/log.hpp>
#include <coronet/runtime.hpp>
#include <coronet/tcp/framing.hpp>
#include <coronet/tcp/server.hpp>
#include <coronet/udp/server.hpp>

#include "app_flags.hpp"

namespace po = boost::program_options;
using namespace coronet;

int main(int argc, char** argv) {
    po::options_description flags("coronet-hello: greets over HTTP, echoes lines over TCP and datagrams over UDP");
    std::string bind, level, log_file;
    unsigned threads;
    std::uint16_t http_port, tcp_port, udp_port;
    flags.add_options()
        ("help", "show this help")
        ("bind", po::value(&bind)->default_value("127.0.0.1"), "address to listen on")
        ("http-port", po::value(&http_port)->default_value(8080), "HTTP port (0: a free one)")
        ("tcp-port", po::value(&tcp_port)->default_value(9001), "TCP line echo port (0: a free one)")
        ("udp-port", po::value(&udp_port)->default_value(9000), "UDP echo port (0: a free one)")
        ("threads", po::value(&threads)->default_value(0), "threads (0: one per core)")
        ("log-level", po::value(&level)->default_value("info"), "trace, debug, info, warn, error or off")
        ("log-file", po::value(&log_file), "append the log to this file instead of stderr");
    po::variables_map vm;
    if (auto status = coronet_apps::parse_flags(po::command_line_parser(argc, argv).options(flags), flags, vm)) return *status;
    if (!coronet_apps::configure_logging(level, log_file)) return 2;

    runtime rt{{.threads = threads}};

    http::router routes;
    routes.get("/", [](http::request&) -> task<http::response> {
        co_return http::text("Hello, World!");
    });
    routes.get("/hello/{name}", [](http::request& req) -> task<http::response> {
        co_return http::text(fmt::format("Hello, {}!\n", req.param("name")));
    });
    http::server web{rt, {.address = bind, .port = http_port}, routes};

    tcp::server lines{rt, {.address = bind, .port = tcp_port}, [](tcp::connection& conn) -> task<void> {
        line_reader reader{conn};
        while (auto line = co_await reader.next()) co_await write_line(conn, *line);
    }};

    udp::server datagrams{rt, {.address = bind, .port = udp_port}, [](udp::datagram d) -> task<void> {
        co_await d.reply(d.payload());
    }};

    std::cout << fmt::format("http listening on {}:{}\n", bind, web.port())
              << fmt::format("tcp listening on {}:{}\n", bind, lines.port())
              << fmt::format("udp listening on {}:{}\n", bind, datagrams.port()) << std::flush;
    rt.run();
    return 0;
}
