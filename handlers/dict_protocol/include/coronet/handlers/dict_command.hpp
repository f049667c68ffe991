#pragma once
// One DICT (RFC 2229) command line, parsed: a pure function from the text of a line (its CRLF
// already removed) to the command it names or the error to answer. Kept apart from the session
// so it can be tested from a table and fuzzed alone.
//
// Lexical rules (RFC 2229 section 2.2, as dictd reads them): the command word and the keywords
// after SHOW and OPTION are case-insensitive; parameters are separated by spaces or tabs; a
// parameter may be quoted with "..." or '...' (so it can hold spaces), and a backslash takes
// the next character literally, inside quotes or out. Parameters must be UTF-8 without control
// characters (tab aside). Database and strategy names are returned as written; whether they
// exist is the session's question (550, 551).
#include <string>
#include <string_view>
#include <variant>

namespace coronet::handlers {

struct dict_command {
    enum class kind {
        blank,             // an empty or all-blank line: answered with nothing, as dictd does
        define,            // DEFINE database word
        match,             // MATCH database strategy word
        show_databases,    // SHOW DB | SHOW DATABASES
        show_strategies,   // SHOW STRAT | SHOW STRATEGIES
        show_info,         // SHOW INFO database
        show_server,       // SHOW SERVER
        client,            // CLIENT text
        status,            // STATUS
        help,              // HELP
        option_mime,       // OPTION MIME
        quit,              // QUIT
    };
    kind what = kind::blank;
    std::string database{};   // define, match, show_info
    std::string strategy{};   // match
    std::string text{};       // define, match: the word; client: the client's description
    bool operator==(const dict_command&) const = default;
};

enum class dict_command_error {
    unknown_command,      // 500: not a DICT command
    illegal_parameters,   // 501: missing, extra or malformed parameters
    not_implemented,      // 502: AUTH, SASLAUTH, SASLRESP (no authentication is offered)
};

using dict_parse_result = std::variant<dict_command, dict_command_error>;

dict_parse_result parse_dict_command(std::string_view line);

// The status line answering an error, without CRLF: "500 unknown command", ...
std::string_view status_line(dict_command_error error);

}  // namespace coronet::handlers
