// The DICT protocol (handlers/dict_protocol): command lines (dict_command.cpp) and the text
// responses (dict_text.cpp). A parsed parameter never holds a control character other than tab
// and is UTF-8; a command written back with quoted parameters parses to the same command; and a
// text response, read back as a client reads it (up to the line "."), gives the text.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <coronet/handlers/dict_command.hpp>
#include <coronet/http/fields.hpp>
#include <coronet/utf8.hpp>

#include "dict_text.hpp"
#include "fuzz_check.hpp"

using coronet::fuzz::require;
using coronet::handlers::dict_command;
namespace detail = coronet::handlers::dict_detail;

namespace {

bool acceptable(std::string_view s) { return coronet::is_valid_utf8(s) && !coronet::has_control_characters(s, "\t"); }

std::string quoted(std::string_view s) {
    std::string out;
    detail::append_quoted(out, s);
    return out;
}

// The command as a client would send it, every parameter quoted.
std::optional<std::string> format(const dict_command& c) {
    using kind = dict_command::kind;
    switch (c.what) {
    case kind::define: return "DEFINE " + quoted(c.database) + " " + quoted(c.text);
    case kind::match: return "MATCH " + quoted(c.database) + " " + quoted(c.strategy) + " " + quoted(c.text);
    case kind::show_info: return "SHOW INFO " + quoted(c.database);
    default: return std::nullopt;
    }
}

void check_command(std::string_view line) {
    auto parsed = coronet::handlers::parse_dict_command(line);
    if (auto* error = std::get_if<coronet::handlers::dict_command_error>(&parsed)) {
        require(coronet::handlers::status_line(*error).starts_with("50"), "an error is answered 50x");
        return;
    }
    const auto& c = std::get<dict_command>(parsed);
    require((c.what == dict_command::kind::blank) == coronet::http::trim_whitespace(line).empty(), "blank means an all-blank line");
    for (const auto* s : {&c.database, &c.strategy, &c.text})
        require(acceptable(*s), "parameters are UTF-8 without control characters (tab aside)");
    if (auto again = format(c)) {
        auto reparsed = coronet::handlers::parse_dict_command(*again);
        require(std::holds_alternative<dict_command>(reparsed) && std::get<dict_command>(reparsed) == c,
                "parse(format(command)) == command");
    }
}

// A client's reading of a text response: lines up to ".", a leading ".." undoubled.
std::optional<std::string> read_text(std::string_view response) {
    std::vector<std::string> lines;
    for (;;) {
        auto end = response.find("\r\n");
        if (end == std::string_view::npos) return std::nullopt;
        auto line = response.substr(0, end);
        response.remove_prefix(end + 2);
        if (line == ".") break;
        if (line.starts_with('.')) line.remove_prefix(1);
        lines.emplace_back(line);
    }
    if (!response.empty()) return std::nullopt;     // bytes after the end mark
    std::string text;
    for (std::size_t i = 0; i < lines.size(); ++i) text.append(i ? "\n" : "").append(lines[i]);
    return text;
}

void check_text(std::string_view text) {
    std::string response;
    detail::append_text(response, text);
    // What the client must see: the text without its final '\n', and without CRs.
    if (text.ends_with('\n')) text.remove_suffix(1);
    std::string want;
    for (char c : text)
        if (c != '\r') want.push_back(c);
    auto got = read_text(response);
    require(got.has_value(), "a text response ends with the line \".\" and nothing after it");
    require(*got == want, "a client reads the text back");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    auto text = coronet::fuzz::as_text(data, size);
    check_command(text);
    check_text(text);
    return 0;
}
