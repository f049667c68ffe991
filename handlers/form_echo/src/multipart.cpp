#include "form_data.hpp"

#include <fmt/format.h>

#include <coronet/http/fields.hpp>
#include <coronet/sha256.hpp>

namespace coronet::handlers::form_echo_detail {
namespace {

constexpr std::string_view crlf = "\r\n";

struct part {
    std::string_view headers;   // the part's header block, without the blank line
    std::string_view content;
};

// RFC 2046 §5.1.1: a boundary is 1 to 70 characters.
std::string boundary_of(const header_value& content_type) {
    auto boundary = content_type.param("boundary");
    if (!boundary || boundary->empty())
        throw malformed("multipart/form-data without a boundary parameter in Content-Type");
    if (boundary->size() > 70) throw malformed("multipart boundary longer than 70 characters");
    return *boundary;
}

// Splits the body at its delimiters ("--boundary", each after a CRLF except the first) into
// parts, up to the closing "--boundary--". The preamble and the epilogue are ignored.
std::vector<part> split_parts(std::string_view body, std::string_view boundary) {
    const std::string delimiter = fmt::format("--{}", boundary);
    const std::string inner_delimiter = fmt::format("\r\n--{}", boundary);

    std::size_t pos = delimiter.size();
    if (!body.starts_with(delimiter)) {
        auto first = body.find(inner_delimiter);
        if (first == std::string_view::npos) throw malformed("multipart body without the boundary named in Content-Type");
        pos = first + inner_delimiter.size();
    }

    std::vector<part> parts;
    for (;;) {
        if (body.substr(pos).starts_with("--")) return parts;     // the closing delimiter
        // Transport padding (spaces, tabs) may follow a delimiter before its CRLF.
        while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
        if (!body.substr(pos).starts_with(crlf)) throw malformed("multipart boundary not followed by CRLF");
        pos += crlf.size();

        auto next = body.find(inner_delimiter, pos);
        if (next == std::string_view::npos) throw malformed("multipart body ends without its closing boundary");
        auto whole = body.substr(pos, next - pos);
        // A part with no header at all starts with the blank line itself.
        auto blank = whole.starts_with(crlf) ? 0 : whole.find("\r\n\r\n");
        if (blank == std::string_view::npos) throw malformed("multipart part without a blank line after its headers");
        std::size_t skip = blank == 0 ? crlf.size() : 4;
        parts.push_back({whole.substr(0, blank), whole.substr(blank + skip)});
        pos = next + inner_delimiter.size();
    }
}

// "Name: value" lines; continuation lines (obsolete folding) are not accepted.
http::fields parse_part_headers(std::string_view block) {
    http::fields out;
    while (!block.empty()) {
        auto end = block.find(crlf);
        auto line = block.substr(0, end);
        block = end == std::string_view::npos ? std::string_view{} : block.substr(end + crlf.size());
        auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) throw malformed("multipart part with a malformed header line");
        auto value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
        out.add(std::string(line.substr(0, colon)), std::string(value));
    }
    return out;
}

void add_part(multipart_form& form, const part& p) {
    auto headers = parse_part_headers(p.headers);
    auto disposition = parse_header_value(headers.get("Content-Disposition"));
    if (disposition.token != "form-data") throw malformed("multipart part without Content-Disposition: form-data");
    auto name = disposition.param("name");
    if (!name) throw malformed("multipart part without a name");
    if (!is_valid_utf8(*name)) throw malformed("invalid UTF-8 in a multipart field name");

    if (auto filename = disposition.param("filename")) {
        auto type = headers.get("Content-Type");
        form.files.push_back({*name, to_valid_utf8(*filename),
                              type.empty() ? "text/plain" : to_valid_utf8(type),   // RFC 7578 §4.4's default
                              p.content.size(), sha256_hex(p.content)});
        return;
    }
    if (!is_valid_utf8(p.content)) throw malformed(fmt::format("invalid UTF-8 in the value of multipart field \"{}\"", *name));
    form.fields.push_back({*name, std::string(p.content)});
}

}  // namespace

multipart_form parse_multipart(std::string_view body, const header_value& content_type) {
    multipart_form form;
    for (const auto& p : split_parts(body, boundary_of(content_type))) add_part(form, p);
    return form;
}

}  // namespace coronet::handlers::form_echo_detail
