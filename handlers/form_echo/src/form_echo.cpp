#include <coronet/handlers/form_echo.hpp>

#include <fmt/format.h>

#include <coronet/http/json.hpp>

#include "form_data.hpp"

namespace coronet::handlers {
namespace {

using namespace form_echo_detail;

http::response answer(const http::request& req, const form_echo_options& options) {
    const bool html = prefers_html(req.header("Accept"));
    http::response res;
    try {
        auto e = parse_request(req, options.echo_headers);
        std::size_t count = e.query.size() + e.fields.size() + e.files.size();
        if (count > options.max_fields)
            throw malformed(fmt::format("too many fields: {} (at most {})", count, options.max_fields));
        res = html ? http::html(to_html(e)) : http::json(to_json(e));
    } catch (const malformed& error) {
        res = html ? http::error_page(400, error.what()) : http::json(boost::json::object{{"error", error.what()}}, 400);
    }
    // The same URL answers JSON or HTML: caches must key on Accept.
    res.headers.add("Vary", "Accept");
    res.headers.add("Cache-Control", "no-store");
    return res;
}

}  // namespace

void mount_form_echo(http::router& r, std::string_view prefix, form_echo_options options) {
    std::string pattern{prefix.empty() ? "/" : prefix};
    http::handler h = [options](http::request& req) -> task<http::response> { co_return answer(req, options); };
    r.get(pattern, h);
    r.post(pattern, h);
    r.put(pattern, h);
}

}  // namespace coronet::handlers
