#include <coronet/http/method.hpp>

namespace coronet::http {

std::string_view to_string(method m) {
    switch (m) {
    case method::get: return "GET";
    case method::head: return "HEAD";
    case method::post: return "POST";
    case method::put: return "PUT";
    case method::delete_: return "DELETE";
    case method::options: return "OPTIONS";
    case method::patch: return "PATCH";
    case method::unknown: break;
    }
    return {};
}

method method_from_string(std::string_view text) {
    for (auto m : known_methods)
        if (to_string(m) == text) return m;
    return method::unknown;
}

}  // namespace coronet::http
