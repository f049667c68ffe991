#include "form_data.hpp"

#include <boost/json/parse.hpp>
#include <fmt/format.h>

namespace coronet::handlers::form_echo_detail {
namespace {

boost::json::value parse_json(std::string_view body) {
    boost::system::error_code ec;
    // Boost.JSON rejects invalid UTF-8 in strings by default, so the echo is always valid JSON.
    auto value = boost::json::parse(body, ec);
    if (ec) throw malformed(fmt::format("invalid JSON: {}", ec.message()));
    return value;
}

// Fills the body part of the echo according to its media type.
void parse_body(echo& e, const http::request& req) {
    e.content_type = to_valid_utf8(req.header("Content-Type"));
    e.body_size = req.body().size();
    auto type = parse_header_value(req.header("Content-Type"));
    if (req.body().empty() && type.token.empty()) return;   // no body at all

    if (type.token == "application/x-www-form-urlencoded") {
        e.kind = body_kind::urlencoded;
        e.fields = parse_urlencoded(req.body(), "body");
    } else if (type.token == "multipart/form-data") {
        e.kind = body_kind::multipart;
        auto form = parse_multipart(req.body(), type);
        e.fields = std::move(form.fields);
        e.files = std::move(form.files);
    } else if (type.token == "application/json" || type.token.ends_with("+json")) {
        e.kind = body_kind::json;
        e.json = parse_json(req.body());
    } else {
        e.kind = body_kind::other;
    }
}

}  // namespace

echo parse_request(const http::request& req, bool echo_headers) {
    echo e;
    e.method = std::string(req.method_string());
    e.target = to_valid_utf8(req.target());
    if (echo_headers)
        for (const auto& [name, value] : req.headers()) e.headers.push_back({to_valid_utf8(name), to_valid_utf8(value)});
    e.query = parse_urlencoded(req.query_string(), "query");
    if (req.method() == http::method::post || req.method() == http::method::put) parse_body(e, req);
    return e;
}

}  // namespace coronet::handlers::form_echo_detail
