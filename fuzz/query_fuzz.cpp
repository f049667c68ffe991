// Query strings and form bodies: form_echo's parse_urlencoded (handlers/form_echo/src) and
// request::query (Boost.URL underneath). Every name and value parsed is UTF-8; encoding the
// fields again and parsing gives them back; and where both parsers accept a query, the two
// agree on each name's first value.
#include <algorithm>
#include <string>

#include <boost/url/parse_query.hpp>

#include <coronet/http/percent.hpp>
#include <coronet/http/request.hpp>
#include <coronet/utf8.hpp>

#include "form_data.hpp"
#include "fuzz_check.hpp"

using coronet::fuzz::require;
namespace http = coronet::http;
namespace detail = coronet::handlers::form_echo_detail;

namespace {

std::optional<std::vector<detail::field>> parse(std::string_view text) {
    try {
        return detail::parse_urlencoded(text, "query");
    } catch (const detail::malformed&) {
        return std::nullopt;
    }
}

std::string encode(const std::vector<detail::field>& fields) {
    std::string out;
    for (const auto& f : fields) out.append(out.empty() ? "" : "&").append(http::percent_encode(f.name)).append("=").append(http::percent_encode(f.value));
    return out;
}

bool same(const std::vector<detail::field>& a, const std::vector<detail::field>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) { return x.name == y.name && x.value == y.value; });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    auto text = coronet::fuzz::as_text(data, size);
    auto fields = parse(text);
    if (!fields) return 0;
    for (const auto& f : *fields)
        require(coronet::is_valid_utf8(f.name) && coronet::is_valid_utf8(f.value), "parsed names and values are UTF-8");
    auto again = parse(encode(*fields));
    require(again && same(*again, *fields), "parse(encode(fields)) == fields");

    // Boost.URL refuses some queries form_echo takes (a '#', say): then request::query has no answer.
    // (Its parse_query reads its argument up to a NUL, whatever its size: hence the std::string.)
    if (!boost::urls::parse_query(std::string(text))) return 0;
    http::request req(http::method::get, std::string("/?").append(text));
    for (const auto& f : *fields) {
        if (f.name.empty()) continue;     // "&&": Boost.URL keeps empty pairs as empty names, form_echo skips them
        auto value = req.query(f.name);
        require(value.has_value(), "request::query finds every name parse_urlencoded finds");
        const detail::field* first = nullptr;
        for (const auto& g : *fields)
            if (g.name == f.name && !first) first = &g;
        require(*value == first->value, "request::query and parse_urlencoded agree on a name's first value");
    }
    return 0;
}
