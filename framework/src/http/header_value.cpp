#include <coronet/http/header_value.hpp>

#include <algorithm>
#include <cctype>

#include <coronet/http/fields.hpp>

namespace coronet::http {
namespace {

std::string lowercase(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// A quoted-string starting at text[pos] == '"': its unescaped content; pos ends after it.
std::string read_quoted(std::string_view text, std::size_t& pos) {
    std::string out;
    for (++pos; pos < text.size() && text[pos] != '"'; ++pos) {
        if (text[pos] == '\\' && pos + 1 < text.size()) ++pos;
        out += text[pos];
    }
    if (pos < text.size()) ++pos;   // the closing quote
    return out;
}

}  // namespace

std::optional<std::string> header_value::param(std::string_view name) const {
    for (const auto& [n, v] : params)
        if (n == name) return v;
    return std::nullopt;
}

header_value parse_header_value(std::string_view text) {
    header_value out;
    auto semicolon = text.find(';');
    out.token = lowercase(trim_whitespace(text.substr(0, semicolon)));
    std::size_t pos = semicolon == std::string_view::npos ? text.size() : semicolon + 1;
    // Parameters are scanned by hand because a quoted value may itself hold ';' or '='.
    while (pos < text.size()) {
        auto eq = text.find_first_of("=;", pos);
        auto name = lowercase(trim_whitespace(text.substr(pos, eq == std::string_view::npos ? std::string_view::npos : eq - pos)));
        if (eq == std::string_view::npos || text[eq] == ';') {
            pos = eq == std::string_view::npos ? text.size() : eq + 1;
            continue;   // a parameter without a value: ignored
        }
        pos = eq + 1;
        while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
        std::string value;
        if (pos < text.size() && text[pos] == '"') {
            value = read_quoted(text, pos);
        } else {
            auto end = std::min(text.find(';', pos), text.size());
            value = std::string(trim_whitespace(text.substr(pos, end - pos)));
            pos = end;
        }
        if (!name.empty()) out.params.emplace_back(std::move(name), std::move(value));
        auto next = text.find(';', pos);
        pos = next == std::string_view::npos ? text.size() : next + 1;
    }
    return out;
}

}  // namespace coronet::http
