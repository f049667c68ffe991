#include "encoding.hpp"

#include <coronet/http/fields.hpp>

namespace coronet::handlers::detail {

namespace {

// "q=0", "q=0.0", "q=0.000" refuse the coding; any other weight accepts it.
bool refused_by_weight(std::string_view params) {
    for (;;) {
        auto semicolon = params.find(';');
        auto param = http::trim_whitespace(params.substr(0, semicolon));
        if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=')
            return http::trim_whitespace(param.substr(2)).find_first_not_of("0.") == std::string_view::npos;
        if (semicolon == std::string_view::npos) return false;
        params.remove_prefix(semicolon + 1);
    }
}

}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
    // An explicit "gzip" entry decides; "*" only counts when gzip is not named.
    bool star = false;
    for (;;) {
        auto comma = accept_encoding.find(',');
        auto item = accept_encoding.substr(0, comma);
        auto semicolon = item.find(';');
        auto coding = http::trim_whitespace(item.substr(0, semicolon));
        auto params = semicolon == std::string_view::npos ? std::string_view{} : item.substr(semicolon + 1);
        if (http::iequals(coding, "gzip")) return !refused_by_weight(params);
        if (coding == "*") star = !refused_by_weight(params);
        if (comma == std::string_view::npos) return star;
        accept_encoding.remove_prefix(comma + 1);
    }
}

}  // namespace coronet::handlers::detail
