#include "form_data.hpp"

#include <cctype>

#include <fmt/format.h>

#include <coronet/http/percent.hpp>

namespace coronet::handlers::form_echo_detail {
namespace {

// The first '%' not followed by two hex digits, to point the client at it.
std::string_view bad_escape(std::string_view text) {
    auto hex = [&](std::size_t i) { return i < text.size() && std::isxdigit(static_cast<unsigned char>(text[i])); };
    for (auto i = text.find('%'); i != std::string_view::npos; i = text.find('%', i + 1))
        if (!hex(i + 1) || !hex(i + 2)) return text.substr(i, 3);
    return text;
}

// Strict decoding: a '%' not followed by two hex digits is an error, not a literal, so the
// client learns its encoder is broken instead of seeing a silently different value.
std::string decode_checked(std::string_view text, std::string_view what, std::string_view part) {
    auto decoded_or_not = http::percent_decode(text, true);
    if (!decoded_or_not) {
        throw malformed(fmt::format("bad percent-encoding in the {} at \"{}\"", what, to_valid_utf8(bad_escape(text))));
    }
    std::string decoded = std::move(*decoded_or_not);
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
