// Range and conditional request headers of static files (handlers/static_files/src/
// conditional.cpp, encoding.cpp). A partial answer always lies inside the file; a well-formed
// "bytes=A-B" or "bytes=-N" gets exactly what RFC 9110 says; HTTP dates round-trip; If-None-
// Match and If-Modified-Since accept the file's own validators; If-Range needs a strong match;
// and the first explicit gzip entry of Accept-Encoding decides.
#include <string>

#include <fmt/format.h>

#include "conditional.hpp"
#include "encoding.hpp"
#include "fuzz_check.hpp"

using coronet::fuzz::require;
namespace http = coronet::http;
namespace detail = coronet::handlers::detail;
using detail::range_outcome;

namespace {

http::request with_headers(std::initializer_list<std::pair<std::string_view, std::string_view>> headers) {
    http::request req(http::method::get, "/file");
    for (auto [name, value] : headers) req.headers().add(std::string(name), std::string(value));
    return req;
}

void check_decision(const detail::range_decision& d, std::uint64_t size) {
    if (d.outcome != range_outcome::partial) return;
    require(d.range.first <= d.range.last && d.range.last < size, "a partial range lies inside the file");
}

// RFC 9110 14.1.2, for one well-formed range of a file of `size` bytes.
detail::range_decision expected(std::optional<std::uint64_t> first, std::optional<std::uint64_t> last, std::uint64_t size) {
    if (!first) {   // "-N": the last N bytes
        if (*last == 0 || size == 0) return {range_outcome::unsatisfiable, {}};
        return {range_outcome::partial, {size - std::min(*last, size), size - 1}};
    }
    if (last && *last < *first) return {};
    if (*first >= size) return {range_outcome::unsatisfiable, {}};
    return {range_outcome::partial, {*first, std::min(last.value_or(size - 1), size - 1)}};
}

bool same(const detail::range_decision& a, const detail::range_decision& b) {
    if (a.outcome != b.outcome) return false;
    return a.outcome != range_outcome::partial || (a.range.first == b.range.first && a.range.last == b.range.last);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    auto file_size = in.ConsumeIntegralInRange<std::uint64_t>(0, in.ConsumeBool() ? 100 : UINT64_MAX);
    // Up to 9999-12-31: what an IMF-fixdate's four-digit year holds.
    auto modified = in.ConsumeIntegralInRange<std::int64_t>(0, 253402300799);
    auto first = in.ConsumeIntegral<std::uint64_t>(), last = in.ConsumeIntegral<std::uint64_t>();
    int shape = in.ConsumeIntegralInRange(0, 3);
    auto range = in.ConsumeRandomLengthString(200), if_range = in.ConsumeRandomLengthString(100);
    auto if_none_match = in.ConsumeRandomLengthString(100);
    auto text = in.ConsumeRemainingBytesAsString();

    detail::file_validators v{fmt::format("\"{:x}-{:x}\"", file_size, modified), detail::format_http_date(modified), modified};
    require(detail::parse_http_date(v.last_modified) == modified, "parse_http_date(format_http_date(t)) == t");

    // Any Range, If-Range and If-None-Match; any text as a date and as Accept-Encoding.
    auto any = with_headers({{"Range", range}, {"If-Range", if_range}, {"If-None-Match", if_none_match}});
    check_decision(detail::decide_range(any, v, file_size), file_size);
    (void)detail::not_modified(any, v);
    (void)detail::parse_http_date(text);
    (void)detail::accepts_gzip(text);

    // A well-formed single range.
    std::optional<std::uint64_t> from = first, to = last;
    if (shape == 1) to.reset();
    if (shape == 2) from.reset();
    auto spec = fmt::format("bytes={}-{}", from ? std::to_string(*from) : "", to ? std::to_string(*to) : "");
    if (from || to) {
        auto want = expected(from, to, file_size);
        require(same(detail::decide_range(with_headers({{"Range", spec}}), v, file_size), want), "a single range is served as RFC 9110 says");
        require(same(detail::decide_range(with_headers({{"Range", spec}, {"If-Range", v.etag}}), v, file_size), want),
                "If-Range with the ETag keeps the range");
        require(same(detail::decide_range(with_headers({{"Range", spec}, {"If-Range", v.last_modified}}), v, file_size), want),
                "If-Range with the date keeps the range");
        require(detail::decide_range(with_headers({{"Range", spec}, {"If-Range", "W/" + v.etag}}), v, file_size).outcome ==
                    range_outcome::whole, "If-Range with a weak ETag gives the whole file");
    }

    require(detail::not_modified(with_headers({{"If-None-Match", v.etag}}), v), "If-None-Match with the ETag is not modified");
    require(detail::not_modified(with_headers({{"If-None-Match", "W/" + v.etag}}), v), "If-None-Match compares weakly");
    require(detail::not_modified(with_headers({{"If-None-Match", if_none_match + ", *"}}), v), "If-None-Match: * matches");
    require(detail::not_modified(with_headers({{"If-Modified-Since", v.last_modified}}), v), "If-Modified-Since the date is not modified");
    if (modified > 0)
        require(!detail::not_modified(with_headers({{"If-Modified-Since", detail::format_http_date(modified - 1)}}), v),
                "If-Modified-Since an earlier date is modified");

    require(detail::accepts_gzip("gzip, " + text), "the first explicit gzip entry decides: accepted");
    require(!detail::accepts_gzip("gzip;q=0, " + text), "the first explicit gzip entry decides: refused");
    return 0;
}
