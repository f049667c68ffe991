#pragma once
// A structured header value: "type/subtype; name=value; name=\"quoted\"" (Content-Type,
// Content-Disposition, one range of Accept).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace coronet::http {

struct header_value {
    std::string token;                                            // lowercased
    std::vector<std::pair<std::string, std::string>> params;      // names lowercased, values unquoted
    std::optional<std::string> param(std::string_view name) const;
};

// Tolerant: a parameter without '=' is ignored, a missing closing quote ends the value.
header_value parse_header_value(std::string_view text);

}  // namespace coronet::http
