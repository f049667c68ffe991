#pragma once
// Validators (ETag, Last-Modified), conditional requests and byte ranges (RFC 9110).
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

#include <sys/stat.h>

#include <coronet/http/request.hpp>

namespace coronet::handlers::detail {

struct file_validators {
    std::string etag;               // strong: "size-mtime_ns" in hex, quoted
    std::string last_modified;      // an IMF-fixdate
    std::time_t modified = 0;       // seconds, what Last-Modified says
};

file_validators validators_of(const struct stat& st);

std::string format_http_date(std::time_t t);
// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), the only form senders may generate.
std::optional<std::time_t> parse_http_date(std::string_view text);

// True when If-None-Match (or, without it, If-Modified-Since) says the client's copy is current.
bool not_modified(const http::request& req, const file_validators& v);

struct byte_range {
    std::uint64_t first = 0;
    std::uint64_t last = 0;         // inclusive
    std::uint64_t length() const { return last - first + 1; }
};

enum class range_outcome { whole, partial, unsatisfiable };

struct range_decision {
    range_outcome outcome = range_outcome::whole;
    byte_range range;
};

// What to send for the Range and If-Range headers of `req`. A Range that is absent, malformed,
// not in bytes, lists several ranges, or fails If-Range gives the whole file.
range_decision decide_range(const http::request& req, const file_validators& v, std::uint64_t size);

}  // namespace coronet::handlers::detail
