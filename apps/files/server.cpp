// coronet-files: serves one directory over TCP for uploads, downloads and listings (the seeds'
// file transfer homework and file downloader). The protocol is described in
// coronet/handlers/file_protocol.hpp and handlers/file_transfer/README.md; the client is
// coronet-files-client.
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <coronet/handlers/file_transfer_server.hpp>
#include <coronet/log.hpp>
#include <coronet/runtime.hpp>
#include <coronet/tcp/server.hpp>

#include "app_flags.hpp"
#include "byte_size_flag.hpp"

namespace po = boost::program_options;
using namespace coronet;
using coronet_files_app::byte_size_flag;

int main(int argc, char** argv) {
    std::string bind, dir, level, log_file;
    unsigned threads;
    std::uint16_t port;
    byte_size_flag max_size{4ull << 30};
    po::options_description flags(
        "coronet-files: serves the files of one directory over TCP: upload, download, list\n"
        "(use coronet-files-client). Uploads are verified (size and SHA-256) and appear whole or not at all;\n"
        "an upload replaces a file of the same name. Prints \"tcp listening on ADDR:PORT\". Options");
    flags.add_options()
        ("help", "show this help")
        ("dir", po::value(&dir)->default_value("files"), "the directory served (created if missing)")
        ("max-size", po::value(&max_size)->default_value(max_size, "4G"),
         "largest upload accepted, in bytes or with K, M, G or T (powers of 1024)")
        ("bind", po::value(&bind)->default_value("127.0.0.1"), "address to listen on (\"::\" for every address)")
        ("port", po::value(&port)->default_value(9004), "TCP port (0: a free one)")
        ("threads", po::value(&threads)->default_value(0), "threads (0: one per core)")
        ("log-level", po::value(&level)->default_value("info"), "trace, debug, info, warn, error or off")
        ("log-file", po::value(&log_file), "append the log to this file instead of stderr");
    po::variables_map vm;
    if (auto status = coronet_apps::parse_flags(po::command_line_parser(argc, argv).options(flags), flags, vm)) return *status;
    if (!coronet_apps::configure_logging(level, log_file)) return 2;

    std::error_code ec;
    std::filesystem::create_directory(dir, ec);   // one level: a mistyped parent is an error below
    runtime rt{{.threads = threads}};
    std::optional<tcp::server> files;
    try {
        auto handler = handlers::file_transfer_handler({.directory = dir, .max_file_bytes = max_size.bytes});
        files.emplace(rt, tcp::server_options{.address = bind, .port = port}, std::move(handler));
    } catch (const std::exception& e) {   // the directory cannot be opened, the port is taken, ...
        std::cerr << fmt::format("coronet-files: cannot serve {} on {}:{}: {}\n", dir, bind, port, coronet_apps::error_text(e));
        return 1;
    }
    default_logger().info("serving {} (uploads up to {} bytes)", std::filesystem::absolute(dir).string(), max_size.bytes);
    std::cout << fmt::format("tcp listening on {}:{}\n", bind, files->port()) << std::flush;
    rt.run();   // until SIGINT/SIGTERM, then a graceful drain
    return 0;
}
