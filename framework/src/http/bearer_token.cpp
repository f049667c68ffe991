#include <coronet/http/bearer_token.hpp>

namespace coronet::http {

bool constant_time_equals(std::string_view given, std::string_view expected) noexcept {
    unsigned char diff = given.size() == expected.size() ? 0 : 1;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        auto c = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
        diff |= static_cast<unsigned char>(c ^ static_cast<unsigned char>(expected[i]));
    }
    return diff == 0;
}

std::optional<response> refuse_without_bearer_token(const request& req, std::string_view expected) {
    auto authorization = req.header("Authorization");
    constexpr std::string_view scheme = "Bearer ";
    if (authorization.size() < scheme.size() || !iequals(authorization.substr(0, scheme.size()), scheme)) {
        auto res = error_page(401, "A bearer token is required.");
        res.headers.set("WWW-Authenticate", "Bearer");
        return res;
    }
    if (expected.empty() || !constant_time_equals(authorization.substr(scheme.size()), expected))
        return error_page(403, "Wrong token.");
    return std::nullopt;
}

}  // namespace coronet::http
