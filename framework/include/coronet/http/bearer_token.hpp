#pragma once
// Guards a route with a shared secret sent as "Authorization: Bearer <token>".
#include <optional>
#include <string_view>

#include <coronet/http/request.hpp>
#include <coronet/http/response.hpp>

namespace coronet::http {

// Takes as long for every `given` of the expected length, whatever the first differing byte,
// so response times do not reveal a prefix of the secret.
bool constant_time_equals(std::string_view given, std::string_view expected) noexcept;

// 401 (with WWW-Authenticate: Bearer) when the request carries no bearer token, 403 when it
// carries a wrong one; std::nullopt when it carries `expected`. An empty `expected` refuses all.
std::optional<response> refuse_without_bearer_token(const request& req, std::string_view expected);

}  // namespace coronet::http
