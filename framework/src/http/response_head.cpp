#include "http/response_head.hpp"

#include <charconv>
#include <ctime>

namespace coronet::http {

namespace {

bool server_owned(std::string_view name) {
    return iequals(name, "Date") || iequals(name, "Server") || iequals(name, "Connection") ||
           iequals(name, "Transfer-Encoding") || iequals(name, "Content-Length");
}

bool breaks_line(std::string_view text) { return text.find_first_of("\r\n") != std::string_view::npos; }

void append_number(std::string& out, std::size_t value) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(digits, end);
}

}  // namespace

body_framing framing_for(const response& res, bool http10) {
    if (res.status < 200 || res.status == 204 || res.status == 304) return body_framing::none;
    if (!res.stream) return body_framing::length;
    // A streamed body of a length the handler declared (digits only, or it is not trusted).
    auto declared = res.headers.get("Content-Length");
    if (!declared.empty() && declared.find_first_not_of("0123456789") == std::string_view::npos)
        return body_framing::length;
    return http10 ? body_framing::until_close : body_framing::chunked;
}

std::string_view http_date() {
    thread_local std::time_t cached_second = -1;
    thread_local char text[40];
    thread_local std::size_t length = 0;
    std::time_t now = std::time(nullptr);
    if (now != cached_second) {
        std::tm tm{};
        gmtime_r(&now, &tm);
        length = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        cached_second = now;
    }
    return {text, length};
}

std::size_t append_head(std::string& out, const response& res, body_framing framing, std::size_t content_length,
                 const head_options& options) {
    out.append(options.http10 ? "HTTP/1.0 " : "HTTP/1.1 ");
    append_number(out, res.status);
    out += ' ';
    out.append(reason_phrase(res.status));
    out.append("\r\nDate: ").append(http_date());
    out.append("\r\nServer: ").append(options.server_name);
    std::size_t dropped = 0;
    for (const auto& [name, value] : res.headers) {
        if (server_owned(name)) continue;
        if (breaks_line(name) || breaks_line(value)) {
            ++dropped;
            continue;
        }
        out.append("\r\n").append(name).append(": ").append(value);
    }
    switch (framing) {
    case body_framing::length:
        out.append("\r\nContent-Length: ");
        if (res.stream) out.append(res.headers.get("Content-Length"));
        else append_number(out, content_length);
        break;
    case body_framing::chunked: out.append("\r\nTransfer-Encoding: chunked"); break;
    case body_framing::none:
    case body_framing::until_close: break;
    }
    if (!options.keep_alive) out.append("\r\nConnection: close");
    else if (options.http10) out.append("\r\nConnection: keep-alive");
    out.append("\r\n\r\n");
    return dropped;
}

}  // namespace coronet::http
