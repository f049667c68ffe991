#pragma once
// The request methods coronet routes. Anything else is answered 501 by the server.
#include <array>
#include <optional>
#include <string_view>

namespace coronet::http {

enum class method : unsigned char { get, head, post, put, delete_, options, patch, unknown };

inline constexpr std::array<method, 7> known_methods{
    method::get, method::head, method::post, method::put, method::delete_, method::options, method::patch};

std::string_view to_string(method m);                       // "GET", ...; "" for unknown
method method_from_string(std::string_view text);           // exact, case-sensitive (RFC 9110)

}  // namespace coronet::http
