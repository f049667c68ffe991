// coronet-dictionary: one dictionary store, served at once over UDP (the seeds' word lookup),
// a TCP line protocol, HTTP and DICT (RFC 2229). See --help; the protocols are described in
// coronet/handlers/dictionary_udp.hpp, dictionary_lines.hpp, dictionary_routes.hpp and
// dict_protocol.hpp.
#include <malloc.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <coronet/handlers/dict_protocol.hpp>
#include <coronet/handlers/dictd_import.hpp>
#include <coronet/handlers/dictionary_lines.hpp>
#include <coronet/handlers/dictionary_routes.hpp>
#include <coronet/handlers/dictionary_store.hpp>
#include <coronet/handlers/dictionary_udp.hpp>
#include <coronet/handlers/sample_word_book.hpp>
#include <coronet/http/server.hpp>
#include <coronet/log.hpp>
#include <coronet/runtime.hpp>
#include <coronet/tcp/server.hpp>
#include <coronet/udp/server.hpp>

#include "announce_flags.hpp"
#include "app_flags.hpp"
#include "port_flag.hpp"
#include "progress_bar.hpp"

namespace po = boost::program_options;
using namespace coronet;
using coronet::handlers::dictionary_store;
using coronet_apps::port_flag;

namespace {

struct settings {
    std::string bind, db, wordbook, dictd_index, dictd_data, token, log_level, log_file, name, description;
    port_flag http_port, udp_port, tcp_port, dict_port;
    unsigned threads = 0;
    coronet_apps::announce_flags announce;
};

po::options_description describe_flags(settings& s) {
    po::options_description flags(
        "coronet-dictionary: looks words up over UDP (a datagram holding a word), TCP (a word per line),\n"
        "HTTP (GET /words/WORD, a search page at /) and DICT (RFC 2229: `dict -h HOST word`),\n"
        "all from one SQLite store.\n"
        "On its first run the store is created and filled with the bundled sample word book.\n"
        "Prints one line per listener, e.g. \"udp listening on 127.0.0.1:8888\".\n"
        "Ports take N (0: a free one) or \"off\". Options");
    flags.add_options()
        ("help", "show this help")
        ("bind", po::value(&s.bind)->default_value("127.0.0.1"), "address to listen on (\"::\" for every address)")
        ("http-port", po::value(&s.http_port)->default_value(port_flag{8081}, "8081"), "HTTP port")
        ("udp-port", po::value(&s.udp_port)->default_value(port_flag{8888}, "8888"), "UDP port (the seeds' client uses 8888)")
        ("tcp-port", po::value(&s.tcp_port)->default_value(port_flag{8889}, "8889"), "TCP line protocol port")
        ("dict-port", po::value(&s.dict_port)->default_value(port_flag{2628}, "2628"), "DICT protocol port (RFC 2229)")
        ("name", po::value(&s.name), "the database's name over DICT (dict -d NAME); default: the dictd "
         "database's file name (gcide), else wordbook")
        ("description", po::value(&s.description), "the database's one-line description over DICT (dict -D); "
         "default: the dictd database's own, else \"coronet's word book\"")
        ("db", po::value(&s.db)->default_value("coronet-dictionary.db"),
         "the SQLite store, created if missing (its directory must exist); by default in the current directory")
        ("wordbook", po::value(&s.wordbook),
         "import this word book at start (one entry a line: word, blanks, explanation); its entries replace "
         "earlier ones of the same words. Without it, an empty store gets the bundled sample word book")
        ("dictd-index", po::value(&s.dictd_index),
         "with --dictd-data: a dictd database (e.g. /usr/share/dictd/gcide.index) imported into an empty store, "
         "with a progress bar on a terminal; its name and description become the DICT database's")
        ("dictd-data", po::value(&s.dictd_data), "the dictd database's text: FILE.dict or FILE.dict.dz")
        ("token", po::value(&s.token), "enables PUT and DELETE over HTTP for \"Authorization: Bearer TOKEN\"")
        ("threads", po::value(&s.threads)->default_value(0), "threads (0: one per core)")
        ("log-level", po::value(&s.log_level)->default_value("info"), "trace, debug, info, warn, error or off")
        ("log-file", po::value(&s.log_file), "append the log to this file instead of stderr");
    s.announce.add_to(flags, "coronet-dictionary");
    return flags;
}

void report_import(const dictionary_store::import_result& r, std::string_view source) {
    auto& log = default_logger();
    log.info("imported {} entries from {} ({} lines)", r.imported, source, r.lines_read);
    if (r.skipped.empty()) return;
    std::string first;
    for (std::size_t i = 0; i < r.skipped.size() && i < 5; ++i)
        first.append(fmt::format("{}line {}: {}", i ? "; " : "", r.skipped[i].line, to_string(r.skipped[i].reason)));
    log.warn("{}: {} lines skipped ({}{})", source, r.skipped.size(), first, r.skipped.size() > 5 ? "; ..." : "");
}

// A dictd database into an empty store (importing GCIDE takes seconds: not at every start).
// Its description is kept in the store, so a restart need not read the database again.
std::string fill_from_dictd(dictionary_store& store, const settings& s) {
    if (!store.empty()) {
        default_logger().info("the store is not empty: {} is not imported again (remove the store to re-import)",
                              s.dictd_index);
        return store.property("dictd.short_description").value_or("");
    }
    auto started = std::chrono::steady_clock::now();
    coronet_apps::progress_bar bar("importing " + std::filesystem::path(s.dictd_index).filename().string());
    auto result = handlers::import_dictd(store, s.dictd_index, s.dictd_data,
                                         [&](std::size_t done, std::size_t total) { bar.update(done, total); });
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    default_logger().info("imported {} headwords from {} index lines of {} in {:.1f} s", result.headwords, result.index_lines,
                          s.dictd_index, seconds);
    if (!result.skipped.empty() || !result.repaired_utf8.empty())
        default_logger().warn("{}: {} index lines skipped, {} with bytes that are not UTF-8 (replaced)", s.dictd_index,
                              result.skipped.size(), result.repaired_utf8.size());
    store.set_property("dictd.short_description", result.info.short_description);
    ::malloc_trim(0);   // the import's buffers (the inflated database, tens of MB) back to the system
    return result.info.short_description;
}

// --wordbook FILE, else the sample word book when the store is (still) empty: its first run.
bool fill_store(dictionary_store& store, const std::string& wordbook) {
    if (!wordbook.empty()) {
        std::ifstream in(wordbook, std::ios::binary);
        if (!in) {
            std::cerr << fmt::format("cannot read the word book {}\n", wordbook);
            return false;
        }
        report_import(store.import_wordbook(in), wordbook);
    } else if (store.empty()) {
        std::istringstream in{std::string(handlers::sample_word_book())};
        report_import(store.import_wordbook(in), "the sample word book");
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    settings s;
    auto flags = describe_flags(s);
    po::variables_map vm;
    if (auto status = coronet_apps::parse_flags(po::command_line_parser(argc, argv).options(flags), flags, vm)) return *status;
    if (!coronet_apps::configure_logging(s.log_level, s.log_file)) return 2;
    if (!s.http_port.port && !s.udp_port.port && !s.tcp_port.port && !s.dict_port.port) {
        std::cerr << "every listener is off: nothing to serve\n";
        return 2;
    }

    if (s.dictd_index.empty() != s.dictd_data.empty()) {
        std::cerr << "--dictd-index and --dictd-data go together\n";
        return 2;
    }
    std::shared_ptr<dictionary_store> store;
    std::string default_name = "wordbook", default_description = "coronet's word book";
    try {
        store = std::make_shared<dictionary_store>(s.db);
        if (!s.dictd_index.empty()) {
            auto description = fill_from_dictd(*store, s);
            default_name = std::filesystem::path(s.dictd_index).stem().string();
            if (!description.empty()) default_description = description;
        }
        if (!fill_store(*store, s.wordbook)) return 1;
    } catch (const std::exception& e) {
        std::cerr << fmt::format("cannot prepare the store {}: {}\n", s.db, e.what());
        return 1;
    }
    if (s.name.empty()) s.name = default_name;
    if (s.description.empty()) s.description = default_description;

    runtime rt{{.threads = s.threads}};
    std::optional<http::server> web;
    std::optional<udp::server> datagrams;
    std::optional<tcp::server> lines;
    std::optional<tcp::server> dict;
    try {
        if (s.http_port.port) {
            http::router routes;
            handlers::mount_dictionary(routes, "/", store, {.write_token = s.token});
            web.emplace(rt, http::server_options{.address = s.bind, .port = *s.http_port.port}, std::move(routes));
        }
        if (s.udp_port.port)
            datagrams.emplace(rt, udp::server_options{.address = s.bind, .port = *s.udp_port.port},
                              handlers::dictionary_udp_handler(store));
        if (s.tcp_port.port)
            lines.emplace(rt, tcp::server_options{.address = s.bind, .port = *s.tcp_port.port},
                          handlers::dictionary_line_handler(store));
        if (s.dict_port.port)
            dict.emplace(rt, tcp::server_options{.address = s.bind, .port = *s.dict_port.port},
                         handlers::dict_protocol_handler({{.name = s.name, .description = s.description, .store = store}},
                                                         {.server_name = "coronet-dictionary"}));
    } catch (const std::exception& e) {
        std::cerr << fmt::format("cannot listen on {}: {}\n", s.bind, coronet_apps::error_text(e));
        return 1;
    }

    std::unique_ptr<handlers::announcer> announcing;
    try {
        std::vector<std::pair<std::string, std::uint16_t>> services;
        if (web) services.emplace_back("http", web->port());
        if (datagrams) services.emplace_back("udp", datagrams->port());
        if (lines) services.emplace_back("tcp", lines->port());
        if (dict) services.emplace_back("dict", dict->port());
        announcing = s.announce.start(rt, s.bind, services);
    } catch (const std::exception& e) {
        std::cerr << "--announce: " << e.what() << "\n";
        return 2;
    }

    if (web) std::cout << fmt::format("http listening on {}:{}\n", s.bind, web->port());
    if (datagrams) std::cout << fmt::format("udp listening on {}:{}\n", s.bind, datagrams->port());
    if (lines) std::cout << fmt::format("tcp listening on {}:{}\n", s.bind, lines->port());
    if (dict) std::cout << fmt::format("dict listening on {}:{}\n", s.bind, dict->port());
    std::cout << std::flush;
    rt.run();   // until SIGINT/SIGTERM, then a graceful drain
    return 0;
}
