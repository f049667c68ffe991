// coronet-homepage: a website from one process (seed 001 §2.5: a browser asks for the
// homepage and shows it). Three modules composed on one router:
//   /            static files: the bundled docroot (index.html, its style sheet, picture and
//                icon, a page of forms), or any directory given with --docroot
//   /echo        form echo (what a form sent: urlencoded, multipart, JSON), and
//   /echo/request  the raw request as it arrived (seed 001 §2.3.4)
//   /dict/       the dictionary: its search page and its routes, over a SQLite store
//   /uploads/    with --upload-token: files PUT and DELETEd with "Authorization: Bearer TOKEN"
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <coronet/handlers/dictionary_routes.hpp>
#include <coronet/handlers/dictionary_store.hpp>
#include <coronet/handlers/form_echo.hpp>
#include <coronet/handlers/request_dump.hpp>
#include <coronet/handlers/sample_word_book.hpp>
#include <coronet/handlers/static_files.hpp>
#include <coronet/http/server.hpp>
#include <coronet/log.hpp>
#include <coronet/runtime.hpp>

#include "announce_flags.hpp"
#include "app_flags.hpp"
#include "port_flag.hpp"

namespace fs = std::filesystem;
namespace po = boost::program_options;
using namespace coronet;
using coronet_apps::port_flag;

namespace {

struct settings {
    std::string bind, docroot, db, upload_token, uploads, log_level, log_file;
    port_flag port;
    std::size_t max_body_bytes = 0;
    double write_timeout = 0;   // seconds
    unsigned threads = 0;
    coronet_apps::announce_flags announce;
};

// The bundled docroot: beside an installed binary (PREFIX/bin/../share/coronet/homepage, wherever
// the prefix was moved), else the source tree's (a binary in its build tree), else the
// configured install prefix's. std::nullopt when none has an index.html.
std::optional<fs::path> bundled_docroot() {
    std::vector<fs::path> candidates;
    std::error_code ec;
    auto exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) candidates.push_back(exe.parent_path() / CORONET_HOMEPAGE_DOCROOT_FROM_BINDIR);
    candidates.emplace_back(CORONET_HOMEPAGE_SOURCE_DOCROOT);
    candidates.emplace_back(CORONET_HOMEPAGE_INSTALLED_DOCROOT);
    for (const auto& c : candidates)
        if (fs::is_regular_file(c / "index.html", ec)) return c.lexically_normal();
    return std::nullopt;
}

po::options_description describe_flags(settings& s, const std::string& default_docroot) {
    po::options_description flags(
        "coronet-homepage: a small website from one process: the files of a docroot at /, a form echo\n"
        "at /echo (and the raw request you sent at /echo/request), and the dictionary at /dict/.\n"
        "Open http://127.0.0.1:8082/ in a browser. Prints \"http listening on ADDR:PORT\". Options");
    flags.add_options()
        ("help", "show this help")
        ("bind", po::value(&s.bind)->default_value("127.0.0.1"), "address to listen on (\"::\" for every address)")
        ("port", po::value(&s.port)->default_value(port_flag{8082}, "8082"),
         "HTTP port (0: a free one); 8082 is next to coronet-hello's 8080 and coronet-dictionary's 8081")
        ("docroot",
         po::value(&s.docroot)->default_value(default_docroot, default_docroot.empty() ? "(none found)" : default_docroot),
         "the directory served at / (default: the bundled homepage)")
        ("db", po::value(&s.db)->default_value("coronet-homepage.db"),
         "the dictionary's SQLite store, created if missing and then filled with the bundled sample word "
         "book (its directory must exist); by default in the current directory")
        ("upload-token", po::value(&s.upload_token),
         "enables PUT and DELETE of files under /uploads/ for \"Authorization: Bearer TOKEN\"")
        ("uploads", po::value(&s.uploads)->default_value("coronet-homepage-uploads"),
         "with --upload-token: the directory /uploads/ serves and writes into, created if missing")
        ("max-body-bytes", po::value(&s.max_body_bytes)->default_value(8 * 1024 * 1024),
         "the largest request body (a form, an upload); larger is answered 413")
        ("write-timeout", po::value(&s.write_timeout)->default_value(30),
         "seconds a client may take no byte of a response before its connection is closed (fractions allowed)")
        ("threads", po::value(&s.threads)->default_value(0), "threads (0: one per core)")
        ("log-level", po::value(&s.log_level)->default_value("info"), "trace, debug, info, warn, error or off")
        ("log-file", po::value(&s.log_file), "append the log to this file instead of stderr");
    s.announce.add_to(flags, "coronet-homepage");
    return flags;
}

// The store at `db`; a new (empty) one gets the bundled sample word book.
std::shared_ptr<handlers::dictionary_store> open_store(const std::string& db) {
    auto store = std::make_shared<handlers::dictionary_store>(db);
    if (store->empty()) {
        std::istringstream book{std::string(handlers::sample_word_book())};
        auto result = store->import_wordbook(book);
        default_logger().info("{}: a new store, filled with the sample word book ({} entries)", db, result.imported);
    }
    return store;
}

// The whole site; throws std::invalid_argument (a docroot that is not a directory, say).
http::router compose(const settings& s, std::shared_ptr<handlers::dictionary_store> store) {
    http::router routes;
    handlers::mount_static_files(routes, "/", {.root = s.docroot});
    handlers::mount_form_echo(routes, "/echo");
    handlers::mount_request_dump(routes, "/echo/request");
    handlers::mount_dictionary(routes, "/dict", std::move(store));
    if (!s.upload_token.empty()) {
        fs::create_directories(s.uploads);
        handlers::mount_static_files(routes, "/uploads", {.root = s.uploads, .directory_listing = true,
                                                          .allow_write = true, .write_token = s.upload_token});
    }
    return routes;
}

}  // namespace

int main(int argc, char** argv) {
    settings s;
    auto found = bundled_docroot();
    auto flags = describe_flags(s, found ? found->string() : std::string());
    po::variables_map vm;
    if (auto status = coronet_apps::parse_flags(po::command_line_parser(argc, argv).options(flags), flags, vm)) return *status;
    if (!coronet_apps::configure_logging(s.log_level, s.log_file)) return 2;
    if (!s.port.port) {
        std::cerr << "--port off: the homepage has no other listener, nothing to serve\n";
        return 2;
    }
    if (!(s.write_timeout > 0 && s.write_timeout <= 24 * 3600)) {
        std::cerr << "--write-timeout: more than 0 and at most a day, in seconds\n";
        return 2;
    }
    if (s.docroot.empty()) {
        std::cerr << "the bundled docroot was not found (nor installed): give one with --docroot DIR\n";
        return 2;
    }

    std::shared_ptr<handlers::dictionary_store> store;
    try {
        store = open_store(s.db);
    } catch (const std::exception& e) {
        std::cerr << fmt::format("cannot prepare the store {}: {}\n", s.db, e.what());
        return 1;
    }
    http::router routes;
    try {
        routes = compose(s, store);
    } catch (const std::exception& e) {
        std::cerr << fmt::format("cannot serve: {}\n", e.what());
        return 1;
    }

    runtime rt{{.threads = s.threads}};
    std::optional<http::server> web;
    try {
        auto write_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(s.write_timeout * 1000));
        web.emplace(rt,
                    http::server_options{.address = s.bind, .port = *s.port.port, .max_body_bytes = s.max_body_bytes,
                                         .write_timeout = write_timeout},
                    std::move(routes));
    } catch (const std::exception& e) {
        std::cerr << fmt::format("cannot listen on {}: {}\n", s.bind, coronet_apps::error_text(e));
        return 1;
    }
    std::unique_ptr<handlers::announcer> announcing;
    try {
        announcing = s.announce.start(rt, s.bind, {{"http", web->port()}});
    } catch (const std::exception& e) {
        std::cerr << "--announce: " << e.what() << "\n";
        return 2;
    }
    auto uploads = s.upload_token.empty() ? std::string() : fmt::format(", uploads into {} at /uploads/", s.uploads);
    default_logger().info("serving {} at /, the form echo at /echo, the raw request at /echo/request, the dictionary {} at "
                          "/dict/{}",
                          s.docroot, s.db, uploads);
    std::cout << fmt::format("http listening on {}:{}\n", s.bind, web->port()) << std::flush;
    rt.run();   // until SIGINT/SIGTERM, then a graceful drain
    return 0;
}
