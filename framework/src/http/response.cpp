#include <coronet/http/response.hpp>

#include <fmt/format.h>

namespace coronet::http {

std::string_view reason_phrase(unsigned status) {
    switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    case 507: return "Insufficient Storage";
    default: return "Unknown";
    }
}

namespace {
response typed(unsigned status, std::string type) {
    response res;
    res.status = status;
    res.headers.add("Content-Type", std::move(type));
    return res;
}

response with_type(std::string body, unsigned status, std::string type) {
    auto res = typed(status, std::move(type));
    res.body = std::move(body);
    return res;
}

// Control characters (CR and LF above all) would end the Location header early and let
// a redirect target taken from the request inject headers: percent-encode them.
std::string without_controls(std::string_view location) {
    std::string out;
    out.reserve(location.size());
    for (char c : location) {
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) out += fmt::format("%{:02X}", byte);
        else out += c;
    }
    return out;
}
}  // namespace

response text(std::string body, unsigned status) {
    return with_type(std::move(body), status, "text/plain; charset=utf-8");
}

response html(std::string body, unsigned status) {
    return with_type(std::move(body), status, "text/html; charset=utf-8");
}

response redirect(std::string_view location, unsigned status) {
    auto target = without_controls(location);
    auto res = html(fmt::format("<!doctype html><title>{0} {1}</title><p>See <a href=\"{2}\">{2}</a>.</p>\n",
                                status, reason_phrase(status), html_escape(target)),
                    status);
    res.headers.add("Location", std::move(target));
    return res;
}

response no_content() {
    response res;
    res.status = 204;
    return res;
}

response streamed(std::string content_type, body_producer producer, unsigned status) {
    auto res = typed(status, std::move(content_type));
    res.stream = std::move(producer);
    return res;
}

response from_file(std::string content_type, file_body file, unsigned status) {
    auto res = typed(status, std::move(content_type));
    res.file = std::move(file);
    return res;
}

response error_page(unsigned status, std::string_view detail) {
    std::string body = fmt::format("<!doctype html><title>{0} {1}</title><h1>{0} {1}</h1>\n", status, reason_phrase(status));
    if (!detail.empty()) body += fmt::format("<p>{}</p>\n", html_escape(detail));
    return html(std::move(body), status);
}

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

}  // namespace coronet::http
