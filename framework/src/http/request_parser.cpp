#include "http/request_parser.hpp"

#include <algorithm>

#include <boost/beast/http/error.hpp>

namespace coronet::http {

request_parser::request_parser(request& req, std::size_t max_header_bytes, std::size_t max_body_bytes)
    : req_(req), max_body_(max_body_bytes) {
    // No method until the request line is read, so that a refusal does not log one.
    req_.clear();
    header_limit(static_cast<std::uint32_t>(max_header_bytes));
    body_limit(max_body_bytes);
}

std::size_t request_parser::put_refusing_obs_fold(boost::asio::const_buffer buffer, error_code& ec) {
    if (is_header_done()) return put(buffer, ec);
    std::size_t used = put(buffer, ec);
    for (char c : std::string_view(static_cast<const char*>(buffer.data()), used)) {
        if ((c == ' ' || c == '\t') && header_tail_[0] == '\r' && header_tail_[1] == '\n') {
            ec = boost::beast::http::error::bad_value;
            break;
        }
        header_tail_[0] = header_tail_[1];
        header_tail_[1] = c;
    }
    return used;
}

void request_parser::on_request_impl(verb, boost::beast::string_view method, boost::beast::string_view target,
                                     int version, error_code&) {
    req_.set_method(method_from_string(method), method);
    req_.set_target(target);
    req_.set_version(static_cast<unsigned>(version));
    got_request_line_ = true;
}

void request_parser::on_response_impl(int, boost::beast::string_view, int, error_code& ec) {
    ec = boost::beast::http::error::bad_version;   // unreachable for a request parser
}

void request_parser::on_field_impl(field, boost::beast::string_view name, boost::beast::string_view value, error_code&) {
    req_.headers().add(std::string(name), std::string(value));
}

void request_parser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length, error_code&) {
    if (content_length) req_.body().reserve(static_cast<std::size_t>(std::min<std::uint64_t>(*content_length, max_body_)));
}

std::size_t request_parser::on_body_impl(boost::beast::string_view body, error_code&) {
    req_.body().append(body.data(), body.size());
    return body.size();
}

std::size_t request_parser::on_chunk_body_impl(std::uint64_t, boost::beast::string_view body, error_code&) {
    req_.body().append(body.data(), body.size());
    return body.size();
}

}  // namespace coronet::http
