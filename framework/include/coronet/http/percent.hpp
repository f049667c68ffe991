#pragma once
// Percent-encoding and decoding (RFC 3986), as the router does for path segments.
#include <optional>
#include <string>
#include <string_view>

namespace coronet::http {

// Decodes %XX escapes; std::nullopt for a '%' not followed by two hex digits. '+' stays '+'
// in paths; form encoding (application/x-www-form-urlencoded, queries) makes it a space.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

// Encodes every byte but the unreserved characters (A-Z a-z 0-9 - . _ ~), so the result is
// safe as one path segment or query value and inside an HTML attribute.
std::string percent_encode(std::string_view text);

}  // namespace coronet::http
