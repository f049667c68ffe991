#include "conditional.hpp"

#include <time.h>

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include <coronet/http/fields.hpp>

namespace coronet::handlers::detail {

namespace {

// Digits only, no sign, no overflow.
std::optional<std::uint64_t> parse_number(std::string_view text) {
    std::uint64_t value = 0;
    if (text.empty()) return std::nullopt;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// If-None-Match compares weakly: W/"x" matches "x".
bool matches_weakly(std::string_view tag, std::string_view etag) {
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    return tag == etag;
}

bool if_none_match_hits(std::string_view header, std::string_view etag) {
    for (;;) {
        auto comma = header.find(',');
        auto tag = http::trim_whitespace(header.substr(0, comma));
        if (tag == "*" || matches_weakly(tag, etag)) return true;
        if (comma == std::string_view::npos) return false;
        header.remove_prefix(comma + 1);
    }
}

// If-Range needs a strong match: an exact ETag, or exactly the Last-Modified date.
bool if_range_holds(std::string_view header, const file_validators& v) {
    header = http::trim_whitespace(header);
    if (header.empty()) return true;
    if (header.starts_with("W/")) return false;
    if (header.starts_with('"')) return header == v.etag;
    auto date = parse_http_date(header);
    return date && *date == v.modified;
}

range_decision single_range(std::string_view spec, std::uint64_t size) {
    const range_decision whole{}, unsatisfiable{range_outcome::unsatisfiable, {}};
    auto dash = spec.find('-');
    if (dash == std::string_view::npos) return whole;
    auto first_text = http::trim_whitespace(spec.substr(0, dash)), last_text = http::trim_whitespace(spec.substr(dash + 1));
    if (first_text.empty()) {                       // "-N": the last N bytes
        auto suffix = parse_number(last_text);
        if (!suffix) return whole;
        if (*suffix == 0 || size == 0) return unsatisfiable;
        return {range_outcome::partial, {size - std::min(*suffix, size), size - 1}};
    }
    auto first = parse_number(first_text);
    if (!first) return whole;
    std::uint64_t last = size == 0 ? 0 : size - 1;
    if (!last_text.empty()) {
        auto given = parse_number(last_text);
        if (!given || *given < *first) return whole;   // invalid: ignored, as RFC 9110 allows
        last = std::min(*given, last);
    }
    if (*first >= size) return unsatisfiable;
    return {range_outcome::partial, {*first, last}};
}

}  // namespace

std::string format_http_date(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[40];
    auto length = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return {text, length};
}

std::optional<std::time_t> parse_http_date(std::string_view text) {
    std::string copy(http::trim_whitespace(text));
    std::tm tm{};
    const char* end = ::strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (end == nullptr || *end != '\0') return std::nullopt;
    return ::timegm(&tm);
}

file_validators validators_of(const struct stat& st) {
    auto nanos = static_cast<std::uint64_t>(st.st_mtim.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(st.st_mtim.tv_nsec);
    return {fmt::format("\"{:x}-{:x}\"", static_cast<std::uint64_t>(st.st_size), nanos),
            format_http_date(st.st_mtim.tv_sec), st.st_mtim.tv_sec};
}

bool not_modified(const http::request& req, const file_validators& v) {
    // If-None-Match wins: If-Modified-Since is only looked at without it (RFC 9110 13.2.2).
    if (req.headers().contains("If-None-Match")) return if_none_match_hits(req.header("If-None-Match"), v.etag);
    auto since = parse_http_date(req.header("If-Modified-Since"));
    return since && v.modified <= *since;
}

range_decision decide_range(const http::request& req, const file_validators& v, std::uint64_t size) {
    auto range = http::trim_whitespace(req.header("Range"));
    if (range.size() < 6 || !http::iequals(range.substr(0, 6), "bytes=")) return {};
    if (req.headers().contains("If-Range") && !if_range_holds(req.header("If-Range"), v)) return {};
    range.remove_prefix(6);
    // Several ranges are answered with the whole file rather than multipart/byteranges.
    if (range.find(',') != std::string_view::npos) return {};
    return single_range(http::trim_whitespace(range), size);
}

}  // namespace coronet::handlers::detail
