// Header values (coronet/http/header_value.hpp, accept.hpp, bearer_token.hpp): a parsed value
// formats back to itself, Accept qualities stay within 0..1 and the most specific range wins,
// and a bearer token is let through exactly when it is the expected one.
#include <algorithm>
#include <cmath>
#include <string>

#include <coronet/http/accept.hpp>
#include <coronet/http/bearer_token.hpp>
#include <coronet/http/fields.hpp>
#include <coronet/http/header_value.hpp>

#include "fuzz_check.hpp"

using coronet::fuzz::require;
namespace http = coronet::http;

namespace {

bool has_upper(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}
bool trimmed(std::string_view s) { return http::trim_whitespace(s) == s; }

// The value as a sender would write it: each parameter value quoted, '"' and '\' escaped.
std::string format(const http::header_value& v) {
    std::string out = v.token;
    for (const auto& [name, value] : v.params) {
        out.append("; ").append(name).append("=\"");
        for (char c : value) {
            if (c == '"' || c == '\\') out.push_back('\\');
            out.push_back(c);
        }
        out.push_back('"');
    }
    return out;
}

bool same(const http::header_value& a, const http::header_value& b) { return a.token == b.token && a.params == b.params; }

void check_header_value(std::string_view text) {
    auto v = http::parse_header_value(text);
    require(!has_upper(v.token) && trimmed(v.token), "the token is lowercased and trimmed");
    require(v.token.find(';') == std::string::npos, "the token ends at the first ';'");
    for (const auto& [name, value] : v.params) {
        require(!name.empty() && !has_upper(name) && trimmed(name), "parameter names are non-empty, lowercased, trimmed");
        require(name.find_first_of("=;") == std::string::npos, "a parameter name holds no '=' or ';'");
        (void)value;
    }
    require(same(http::parse_header_value(format(v)), v), "parse(format(v)) == v");
}

void check_accept(std::string_view accept) {
    for (std::string_view type : {"text/html", "application/json"}) {
        double q = http::accept_quality(accept, type);
        require(std::isfinite(q) && q >= 0 && q <= 1, "an Accept quality is within 0..1");
        // A range naming the type exactly outranks wildcards: appended, it decides unless an
        // exact range came before it.
        bool exact_before = false;
        for (std::string_view rest = accept; !rest.empty();) {
            auto comma = rest.find(',');
            if (http::parse_header_value(rest.substr(0, comma)).token == type) exact_before = true;
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
        if (!exact_before) {
            std::string with_exact = std::string(accept).append(",").append(type).append(";q=0.25");
            require(http::accept_quality(with_exact, type) == 0.25, "an exact range beats */* and type/*");
        }
    }
    bool html = http::prefers_html(accept);
    require(html == (http::accept_quality(accept, "text/html") > 0 &&
                     http::accept_quality(accept, "text/html") > http::accept_quality(accept, "application/json")),
            "prefers_html ranks text/html strictly above application/json");
}

void check_bearer(std::string_view authorization) {
    constexpr std::string_view secret = "s3cret-token";
    http::request req(http::method::get, "/");
    req.headers().add("Authorization", std::string(authorization));
    auto refusal = http::refuse_without_bearer_token(req, secret);
    bool has_scheme = authorization.size() >= 7 && http::iequals(authorization.substr(0, 7), "Bearer ");
    if (!has_scheme) {
        require(refusal && refusal->status == 401 && refusal->headers.get("WWW-Authenticate") == "Bearer",
                "no bearer token is 401 with WWW-Authenticate");
    } else if (authorization.substr(7) == secret) {
        require(!refusal, "the expected token is let through");
    } else {
        require(refusal && refusal->status == 403, "a wrong token is 403");
    }
    require(http::refuse_without_bearer_token(req, "").has_value(), "an empty expected token refuses all");
    require(http::constant_time_equals(authorization, secret) == (authorization == secret), "constant_time_equals is ==");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    auto text = coronet::fuzz::as_text(data, size);
    check_header_value(text);
    check_accept(text);
    check_bearer(text);
    return 0;
}
