#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace coronet::http {

// Decodes %XX escapes; std::nullopt for a malformed escape. '+' stays '+' (paths, not forms).
std::optional<std::string> percent_decode(std::string_view text);

}  // namespace coronet::http
