#include <coronet/handlers/dict_command.hpp>

#include <array>
#include <cstddef>

#include <coronet/http/fields.hpp>
#include <coronet/utf8.hpp>

namespace coronet::handlers {

namespace {

// Command words and keywords compare as header names do: ASCII case folded.
using http::iequals;

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Text a parameter may hold: UTF-8 without control characters, C1 included (a tab only
// separates).
bool acceptable_text(std::string_view s) { return is_valid_utf8(s) && !has_control_characters(s, "\t"); }

// At most three parameters (MATCH's); one more is only counted, to tell "too many".
struct parameters {
    std::array<std::string, 3> items;
    std::size_t count = 0;
};

// Splits on blanks, honouring quotes and backslashes. False on an unterminated quote, a
// trailing backslash, or more parameters than `out` holds.
bool split_parameters(std::string_view rest, parameters& out) {
    std::size_t i = 0;
    const std::size_t n = rest.size();
    for (;;) {
        while (i < n && is_blank(rest[i])) ++i;
        if (i == n) return true;
        if (out.count == out.items.size()) return false;
        std::string& token = out.items[out.count++];
        char quote = 0;
        while (i < n) {
            char c = rest[i];
            if (quote == 0 && is_blank(c)) break;
            if (c == '\\') {
                if (i + 1 == n) return false;
                token.push_back(rest[i + 1]);
                i += 2;
            } else if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
                ++i;
            } else if (c == quote) {
                quote = 0;
                ++i;
            } else {
                token.push_back(c);
                ++i;
            }
        }
        if (quote != 0) return false;
    }
}

dict_command make(dict_command::kind what, std::string database = {}, std::string strategy = {},
                  std::string text = {}) {
    return dict_command{what, std::move(database), std::move(strategy), std::move(text)};
}

dict_parse_result parse_show(parameters& p) {
    using kind = dict_command::kind;
    if (p.count == 0) return dict_command_error::illegal_parameters;
    const std::string& what = p.items[0];
    if (p.count == 2 && iequals(what, "info")) return make(kind::show_info, std::move(p.items[1]));
    if (p.count != 1) return dict_command_error::illegal_parameters;
    if (iequals(what, "db") || iequals(what, "databases")) return make(kind::show_databases);
    if (iequals(what, "strat") || iequals(what, "strategies")) return make(kind::show_strategies);
    if (iequals(what, "server")) return make(kind::show_server);
    return dict_command_error::illegal_parameters;
}

// CLIENT's text is free: `client "dict 1.13.0"` is unquoted, anything else is taken as written
// (an apostrophe in a client's name is no syntax error).
dict_parse_result parse_client(std::string_view rest) {
    rest = http::trim_whitespace(rest);
    if (rest.empty()) return dict_command_error::illegal_parameters;
    parameters p;
    if (split_parameters(rest, p) && p.count == 1) return make(dict_command::kind::client, {}, {}, std::move(p.items[0]));
    return make(dict_command::kind::client, {}, {}, std::string(rest));
}

}  // namespace

dict_parse_result parse_dict_command(std::string_view line) {
    using kind = dict_command::kind;
    line = http::trim_whitespace(line);
    if (line.empty()) return make(kind::blank);

    std::size_t verb_end = 0;
    while (verb_end < line.size() && !is_blank(line[verb_end])) ++verb_end;
    const std::string_view verb = line.substr(0, verb_end);
    const std::string_view rest = line.substr(verb_end);

    enum class known { define, match, show, client, status, help, option, quit, auth, none };
    known which = known::none;
    if (iequals(verb, "define")) which = known::define;
    else if (iequals(verb, "match")) which = known::match;
    else if (iequals(verb, "show")) which = known::show;
    else if (iequals(verb, "client")) which = known::client;
    else if (iequals(verb, "status")) which = known::status;
    else if (iequals(verb, "help")) which = known::help;
    else if (iequals(verb, "option")) which = known::option;
    else if (iequals(verb, "quit")) which = known::quit;
    else if (iequals(verb, "auth") || iequals(verb, "saslauth") || iequals(verb, "saslresp")) which = known::auth;
    if (which == known::none) return dict_command_error::unknown_command;
    if (which == known::auth) return dict_command_error::not_implemented;

    if (!acceptable_text(rest)) return dict_command_error::illegal_parameters;
    if (which == known::client) return parse_client(rest);

    parameters p;
    if (!split_parameters(rest, p)) return dict_command_error::illegal_parameters;
    switch (which) {
    case known::define:
        if (p.count != 2) return dict_command_error::illegal_parameters;
        return make(kind::define, std::move(p.items[0]), {}, std::move(p.items[1]));
    case known::match:
        if (p.count != 3) return dict_command_error::illegal_parameters;
        return make(kind::match, std::move(p.items[0]), std::move(p.items[1]), std::move(p.items[2]));
    case known::show:
        return parse_show(p);
    case known::option:
        if (p.count == 1 && iequals(p.items[0], "mime")) return make(kind::option_mime);
        return dict_command_error::illegal_parameters;
    case known::status:
    case known::help:
    case known::quit:
        if (p.count != 0) return dict_command_error::illegal_parameters;
        return make(which == known::status ? kind::status : which == known::help ? kind::help : kind::quit);
    default:
        return dict_command_error::unknown_command;   // not reached: every verb is handled above
    }
}

std::string_view status_line(dict_command_error error) {
    switch (error) {
    case dict_command_error::unknown_command: return "500 unknown command";
    case dict_command_error::illegal_parameters: return "501 syntax error, illegal parameters";
    case dict_command_error::not_implemented: return "502 command not implemented";
    }
    return "500 unknown command";
}

}  // namespace coronet::handlers
