#include "form_data.hpp"

#include <fmt/format.h>

namespace coronet::handlers::form_echo_detail {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Strict decoding: a '%' not followed by two hex digits is an error, not a literal, so the
// client learns its encoder is broken instead of seeing a silently different value.
std::string decode_component(std::string_view text, std::string_view what) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c != '%') {
            out += c;
        } else {
            int high = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
            int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
            if (high < 0 || low < 0)
                throw malformed(fmt::format("bad percent-encoding in the {} at \"{}\"", what,
                                            to_valid_utf8(text.substr(i, 3))));
            out += static_cast<char>(high * 16 + low);
            i += 2;
        }
    }
    return out;
}

std::string decode_checked(std::string_view text, std::string_view what, std::string_view part) {
    std::string decoded = decode_component(text, what);
    if (!is_valid_utf8(decoded)) throw malformed(fmt::format("invalid UTF-8 in a field {} in the {}", part, what));
    return decoded;
}

}  // namespace

std::vector<field> parse_urlencoded(std::string_view text, std::string_view what) {
    std::vector<field> out;
    while (!text.empty()) {
        auto amp = text.find('&');
        auto pair = text.substr(0, amp);
        text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
        if (pair.empty()) continue;     // "a=1&&b=2": browsers and parsers skip empty pairs
        auto eq = pair.find('=');
        auto name = pair.substr(0, eq);
        auto value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
        out.push_back({decode_checked(name, what, "name"), decode_checked(value, what, "value")});
    }
    return out;
}

}  // namespace coronet::handlers::form_echo_detail
