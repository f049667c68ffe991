#pragma once
// The DICT protocol (RFC 2229) over dictionary stores, as the connection handler of a
// coronet::tcp::server, so the stock `dict` client can look words up:
//
//   auto store = std::make_shared<coronet::handlers::dictionary_store>("words.db");
//   coronet::tcp::server dict{rt, {.port = 2628},
//       coronet::handlers::dict_protocol_handler({{.name = "wordbook", .description = "Word book",
//                                                  .store = store}})};
//
// Commands: DEFINE and MATCH (database `*` = all, `!` = the first that has an answer, or a
// name; strategy `.` = lev), SHOW DB|DATABASES, SHOW STRAT|STRATEGIES, SHOW INFO, SHOW SERVER,
// CLIENT, STATUS, HELP, OPTION MIME, QUIT. Strategies (case-insensitive for ASCII letters, as
// dictd): exact, prefix, substring, suffix, soundex, lev (edit distance 1). DEFINE gives at
// most one definition per database: the store's lookup, exact spelling first, else ignoring
// ASCII case. A definition's text is the entry's explanation, sent as UTF-8, every line that
// starts with '.' dot-stuffed; headwords are always quoted in 151 and 152 lines.
//
// Errors: 500 for an unknown command and for a line over `max_line_bytes` (skipped, the
// session goes on), 501 for bad parameters, 502 for AUTH, 550 unknown database, 551 unknown
// strategy, 552 no match, 420 when a store fails (the failure is logged). Commands may be
// pipelined: answers come in order, each written whole in one write, and answers to commands
// that arrived together leave in one write.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <coronet/handlers/dictionary_store.hpp>
#include <coronet/tcp/server.hpp>

namespace coronet { class logger; }

namespace coronet::handlers {

struct dict_database {
    std::string name{};        // "wordbook", "gcide": an atom (no spaces, quotes or controls)
    std::string description{}; // SHOW DB's short description (one line)
    std::string info{};        // SHOW INFO's text; "" gives one made from the description and size
    std::shared_ptr<dictionary_store> store{};
};

struct dict_protocol_options {
    std::string server_name = "coronet";   // the banner's and SHOW SERVER's text (one line)
    std::size_t max_line_bytes = 1024;     // RFC 2229: 1024 including CRLF; longer lines get 500
    std::size_t max_matches = 1000;        // MATCH answers at most this many words in all
    logger* log = nullptr;                 // bad input and store failures; nullptr: default_logger()
};

// Throws std::invalid_argument for a database without a store, a name that is not an atom
// (or `*`, `!`), a name given twice, or text that holds a line break where one line is needed.
tcp::connection_handler dict_protocol_handler(std::vector<dict_database> databases,
                                              dict_protocol_options options = {});

}  // namespace coronet::handlers
