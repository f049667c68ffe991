#include <coronet/http/request.hpp>

#include <boost/url/parse_query.hpp>
#include <boost/url/params_view.hpp>

namespace coronet::http {

request::request(http::method m, std::string target, std::string body, fields headers)
    : method_(m), method_string_(to_string(m)), target_(std::move(target)), headers_(std::move(headers)), body_(std::move(body)) {}

void request::clear() {
    method_ = http::method::unknown;
    method_string_.clear();
    target_.clear();
    version_ = 11;
    headers_.clear();
    // A big upload's buffer is not kept for the rest of the connection.
    if (body_.capacity() > 64 * 1024) std::string().swap(body_);
    body_.clear();
    params_.clear();
    segments_.clear();
}

void request::set_method(http::method m, std::string_view text) {
    method_ = m;
    method_string_.assign(text);
}

std::string_view request::path() const {
    std::string_view t = target_;
    t = t.substr(0, t.find('?'));
    // The absolute form, "http://host/path" (RFC 9112, 3.2.2), is routed by its path.
    if (!t.empty() && t.front() != '/') {
        auto scheme_end = t.find("://");
        bool http_scheme = scheme_end != std::string_view::npos &&
                           (iequals(t.substr(0, scheme_end), "http") || iequals(t.substr(0, scheme_end), "https"));
        if (http_scheme) {
            auto slash = t.find('/', scheme_end + 3);
            return slash == std::string_view::npos ? std::string_view("/") : t.substr(slash);
        }
    }
    return t;
}

std::string_view request::query_string() const {
    std::string_view t = target_;
    auto q = t.find('?');
    return q == std::string_view::npos ? std::string_view{} : t.substr(q + 1);
}

std::string_view request::param(std::string_view name) const {
    for (const auto& [n, v] : params_)
        if (n == name) return v;
    return {};
}

std::optional<std::string> request::query(std::string_view name) const {
    auto q = query_string();
    if (q.empty()) return std::nullopt;
    if (!boost::urls::parse_query(q)) return std::nullopt;
    // params_view decodes percent-escapes, and '+' as a space (form encoding), in names and
    // values; compare decoded names here, as params_view::find does not decode '+' in them.
    boost::urls::encoding_opts plus_is_space;
    plus_is_space.space_as_plus = true;
    for (auto param : boost::urls::params_view(q, plus_is_space))
        if (param.key == name) return std::move(param.value);
    return std::nullopt;
}

bool request::keep_alive() const {
    // Connection is a token list, possibly spread over several fields; "close" / "keep-alive"
    // anywhere in it decides.
    auto in_list = [](std::string_view connection, std::string_view token) {
        std::size_t pos = 0;
        while (pos <= connection.size()) {
            auto comma = connection.find(',', pos);
            auto item = trim_whitespace(connection.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
            if (iequals(item, token)) return true;
            if (comma == std::string_view::npos) break;
            pos = comma + 1;
        }
        return false;
    };
    auto has = [&](std::string_view token) {
        for (const auto& [name, value] : headers_)
            if (iequals(name, "Connection") && in_list(value, token)) return true;
        return false;
    };
    if (version_ >= 11) return !has("close");
    return has("keep-alive");
}

}  // namespace coronet::http
