#include <coronet/handlers/request_dump.hpp>

#include <fmt/format.h>

#include <coronet/http/accept.hpp>
#include <coronet/utf8.hpp>

namespace coronet::handlers {

std::string raw_request_text(const http::request& req, request_dump_options options) {
    std::string out;
    out.append(req.method_string()).append(" ").append(req.target());
    out.append(fmt::format(" HTTP/{}.{}\r\n", req.version() / 10, req.version() % 10));
    for (const auto& [name, value] : req.headers()) out.append(name).append(": ").append(value).append("\r\n");
    out.append("\r\n");
    std::string_view body = req.body();
    if (body.size() <= options.max_body_shown) return out.append(body);
    out.append(body.substr(0, options.max_body_shown));
    return out.append(fmt::format("\n[... {} more bytes of the body not shown]\n", body.size() - options.max_body_shown));
}

http::response request_dump(const http::request& req, request_dump_options options) {
    // Headers and bodies need not be UTF-8; the answer says it is.
    auto text = to_valid_utf8(raw_request_text(req, options));
    http::response res;
    if (http::prefers_html(req.header("Accept"))) {
        std::string page =
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<title>The request you sent</title>\n"
            "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
            "pre{background:#f4f4f0;border:1px solid #ccc;padding:1rem;overflow-x:auto;white-space:pre-wrap}</style>\n"
            "</head><body>\n<h1>The request you sent</h1>\n"
            "<p>The request line, the headers as they arrived, a blank line, then the body.</p>\n<pre id=\"raw\">";
        page.append(http::html_escape(text)).append("</pre>\n</body></html>\n");
        res = http::html(std::move(page));
    } else {
        res = http::text(std::move(text));
    }
    // The same URL answers text or HTML, and every answer is this one request's.
    res.headers.add("Vary", "Accept");
    res.headers.add("Cache-Control", "no-store");
    return res;
}

void mount_request_dump(http::router& r, std::string_view path, request_dump_options options) {
    http::handler h = [options](http::request& req) -> task<http::response> { co_return request_dump(req, options); };
    r.get(path, h);
    r.post(path, h);
    r.put(path, h);
    r.patch(path, h);
    r.del(path, h);
}

}  // namespace coronet::handlers
