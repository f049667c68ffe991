// multipart/form-data bodies (handlers/form_echo/src/multipart.cpp), and form_echo's whole
// reading of a POST. Input: the Content-Type value, a '\n', then the body. A body is parsed or
// refused as malformed (nothing else is thrown); every field is UTF-8; a file's size and digest
// describe bytes of the body; the fields, written as a browser would, parse back the same; and
// what form_echo echoes is valid JSON.
#include <algorithm>
#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <coronet/sha256.hpp>
#include <coronet/utf8.hpp>

#include "form_data.hpp"
#include "fuzz_check.hpp"

using coronet::fuzz::require;
namespace http = coronet::http;
namespace detail = coronet::handlers::form_echo_detail;

namespace {

std::optional<detail::multipart_form> parse(std::string_view body, std::string_view content_type) {
    try {
        return detail::parse_multipart(body, http::parse_header_value(content_type));
    } catch (const detail::malformed&) {
        return std::nullopt;
    }
}

std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out + "\"";
}

// The fields as a browser sends them, with a boundary that none of them holds.
std::pair<std::string, std::string> format(const std::vector<detail::field>& fields) {
    std::string boundary;
    for (int n = 0;; ++n) {
        boundary = "fuzz-" + std::to_string(n);
        if (std::none_of(fields.begin(), fields.end(), [&](const auto& f) {
                return f.name.find(boundary) != std::string::npos || f.value.find(boundary) != std::string::npos;
            }))
            break;
    }
    std::string body;
    for (const auto& f : fields)
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=").append(quoted(f.name))
            .append("\r\n\r\n").append(f.value).append("\r\n");
    body.append("--").append(boundary).append("--\r\n");
    return {"multipart/form-data; boundary=" + boundary, body};
}

bool same(const std::vector<detail::field>& a, const std::vector<detail::field>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) { return x.name == y.name && x.value == y.value; });
}

void check_echo(std::string_view content_type, std::string_view body) {
    http::request req(http::method::post, "/echo", std::string(body));
    req.headers().add("Content-Type", std::string(content_type));
    try {
        auto e = detail::parse_request(req, true);
        auto json = boost::json::serialize(detail::to_json(e));
        require(coronet::is_valid_utf8(json), "the echo is UTF-8");
        boost::system::error_code ec;
        (void)boost::json::parse(json, ec);
        require(!ec, "the echo is valid JSON");
        require(coronet::is_valid_utf8(detail::to_html(e)), "the HTML echo is UTF-8");
    } catch (const detail::malformed&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    auto input = coronet::fuzz::as_text(data, size);
    auto newline = input.find('\n');
    if (newline == std::string_view::npos) return 0;
    auto content_type = input.substr(0, newline), body = input.substr(newline + 1);

    check_echo(content_type, body);
    auto form = parse(body, content_type);
    if (!form) return 0;
    for (const auto& f : form->fields)
        require(coronet::is_valid_utf8(f.name) && coronet::is_valid_utf8(f.value), "field names and values are UTF-8");
    std::size_t file_bytes = 0;
    for (const auto& f : form->files) {
        require(coronet::is_valid_utf8(f.name) && coronet::is_valid_utf8(f.filename) && coronet::is_valid_utf8(f.content_type),
                "file names and types are UTF-8");
        require(f.sha256.size() == 64, "a file's digest is a SHA-256");
        file_bytes += f.size;
    }
    require(file_bytes <= body.size(), "files are parts of the body");

    auto [type, formatted] = format(form->fields);
    auto again = parse(formatted, type);
    require(again && same(again->fields, form->fields) && again->files.empty(), "parse(format(fields)) == fields");
    return 0;
}
