// coronet-files-client: uploads, downloads and lists files of a coronet-files server.
//   coronet-files-client [--host H] [--port N] [--timeout S] put FILE [NAME]
//   coronet-files-client [--host H] [--port N] [--timeout S] get NAME [DEST]
//   coronet-files-client [--host H] [--port N] [--timeout S] list
// A separate program from the server (as coronet-dict is from coronet-dictionary): its flags
// and its life (one command, then exit) have nothing in common with a server's.
// Exits 0 on success, 1 when the server refused or the transfer failed, 2 for a bad command line.
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <coronet/handlers/file_transfer_client.hpp>

#include "app_flags.hpp"
#include "progress_bar.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace coronet::handlers;
using coronet_apps::progress_bar;
using coronet_apps::progress_unit;

namespace {

constexpr std::string_view usage =
    "coronet-files-client: uploads, downloads and lists files of a coronet-files server.\n"
    "  coronet-files-client [options] put FILE [NAME]   upload FILE as NAME (default: FILE's own name)\n"
    "  coronet-files-client [options] get NAME [DEST]   download NAME to DEST (a file, or a directory;\n"
    "                                                   default: NAME in the current directory)\n"
    "  coronet-files-client [options] list              the server's files: size in bytes, name\n"
    "A progress bar (bytes, rate, time left) shows on stderr when it is a terminal.\n"
    "Exits 0 on success, 1 when the server refused or the transfer failed, 2 for a bad command line.\n"
    "Options";

int put(const file_client_options& server, const std::vector<std::string>& args) {
    if (args.empty() || args.size() > 2) {
        std::cerr << "put FILE [NAME]\n";
        return 2;
    }
    fs::path file = args[0];
    std::string name = args.size() == 2 ? args[1] : file.filename().string();
    transferred_file done;
    {
        progress_bar hashing("hashing " + name, progress_unit::bytes);
        progress_bar sending("put " + name, progress_unit::bytes);
        done = upload_file(server, file, name, [&](std::uint64_t d, std::uint64_t t) { sending.update(d, t); },
                           [&](std::uint64_t d, std::uint64_t t) { hashing.update(d, t); });
    }
    std::cout << fmt::format("stored {} ({} bytes, sha256 {})\n", name, done.size, done.sha256);
    return 0;
}

int get(const file_client_options& server, const std::vector<std::string>& args) {
    if (args.empty() || args.size() > 2) {
        std::cerr << "get NAME [DEST]\n";
        return 2;
    }
    const auto& name = args[0];
    fs::path destination = args.size() == 2 ? fs::path(args[1]) : fs::path(name);
    std::error_code ec;
    if (args.size() == 2 && fs::is_directory(destination, ec)) destination /= name;
    transferred_file done;
    {
        progress_bar receiving("get " + name, progress_unit::bytes);
        done = download_file(server, name, destination, [&](std::uint64_t d, std::uint64_t t) { receiving.update(d, t); });
    }
    std::cout << fmt::format("saved {} to {} ({} bytes, sha256 {})\n", name, destination.string(), done.size, done.sha256);
    return 0;
}

int list(const file_client_options& server, const std::vector<std::string>& args) {
    if (!args.empty()) {
        std::cerr << "list takes nothing after it\n";
        return 2;
    }
    for (const auto& f : list_files(server)) std::cout << fmt::format("{:>14} {}\n", f.size, f.name);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string command;
    std::vector<std::string> args;
    file_client_options server;
    double timeout_seconds = 30;
    po::options_description flags{std::string(usage)};
    flags.add_options()
        ("help", "show this help")
        ("host", po::value(&server.host)->default_value(server.host), "the server's name or address")
        ("port", po::value(&server.port)->default_value(server.port), "the server's port")
        ("timeout", po::value(&timeout_seconds)->default_value(timeout_seconds),
         "give up when no byte moves for this many seconds");
    po::variables_map vm;
    if (auto status = coronet_apps::parse_command_line(argc, argv, flags, command, args, vm)) return *status;
    if (!(timeout_seconds > 0 && timeout_seconds <= 86400)) {
        std::cerr << "--timeout: more than 0 and at most 86400 seconds\n";
        return 2;
    }
    server.timeout = std::chrono::milliseconds(static_cast<long>(timeout_seconds * 1000));
    try {
        if (command == "put") return put(server, args);
        if (command == "get") return get(server, args);
        if (command == "list") return list(server, args);
    } catch (const file_transfer_refused& e) {
        std::cerr << fmt::format("coronet-files-client: {}: {}\n", file_protocol::to_string(e.code()), e.what());
        return 1;
    } catch (const std::exception& e) {
        std::cerr << fmt::format("coronet-files-client: {}\n", e.what());
        return 1;
    }
    std::cerr << (command.empty() ? std::string("which command? put, get or list\n")
                                  : fmt::format("unknown command {} (put, get or list)\n", command))
              << flags;
    return 2;
}
