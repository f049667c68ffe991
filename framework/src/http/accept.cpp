#include <coronet/http/accept.hpp>

#include <charconv>

#include <coronet/http/header_value.hpp>

namespace coronet::http {

double accept_quality(std::string_view accept, std::string_view type) {
    auto major = type.substr(0, type.find('/') + 1);     // "text/"
    int best_specificity = 0;
    double best_q = 0;
    while (!accept.empty()) {
        auto comma = accept.find(',');
        auto range = parse_header_value(accept.substr(0, comma));
        accept = comma == std::string_view::npos ? std::string_view{} : accept.substr(comma + 1);
        int specificity = range.token == type ? 3 : (range.token.size() == major.size() + 1 && range.token.starts_with(major) && range.token.back() == '*') ? 2 : range.token == "*/*" ? 1 : 0;
        if (specificity <= best_specificity) continue;
        double q = 1;
        if (auto text = range.param("q")) {
            auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), q);
            // A qvalue is 0 to 1 (RFC 9110, 12.4.2); from_chars would also take "nan", "inf",
            // "5" or "-1", which must not outrank a well-formed range.
            if (ec != std::errc{} || end != text->data() + text->size() || !(q >= 0 && q <= 1)) q = 0;
        }
        best_specificity = specificity;
        best_q = q;
    }
    return best_q;
}

bool prefers_html(std::string_view accept) {
    double html = accept_quality(accept, "text/html");
    return html > 0 && html > accept_quality(accept, "application/json");
}

}  // namespace coronet::http
