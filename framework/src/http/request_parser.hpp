#pragma once
// Beast's HTTP/1.1 parser, feeding a coronet request directly (no intermediate message).
#include <string_view>

#include <boost/beast/http/basic_parser.hpp>

#include <coronet/http/request.hpp>

namespace coronet::http {

// Whether the header block at the start of `received` (up to its empty line) has a line that is
// folded: a CRLF followed by a space or tab (obs-fold). Beast joins such lines; we refuse
// them (RFC 9112, 5.2 allows either), since a front end that reads the fold differently would
// see other headers than ours: a way to smuggle a request.
bool header_block_has_obs_fold(std::string_view received);

class request_parser final : public boost::beast::http::basic_parser<true> {
public:
    // Clears `req`, then fills it as the message is parsed.
    request_parser(request& req, std::size_t max_header_bytes, std::size_t max_body_bytes);

    // The request line was read whole: req's method, target and version are the client's.
    bool got_request_line() const { return got_request_line_; }

private:
    using error_code = boost::beast::error_code;
    using verb = boost::beast::http::verb;
    using field = boost::beast::http::field;

    void on_request_impl(verb, boost::beast::string_view method, boost::beast::string_view target, int version,
                         error_code&) override;
    void on_response_impl(int, boost::beast::string_view, int, error_code& ec) override;
    void on_field_impl(field, boost::beast::string_view name, boost::beast::string_view value, error_code&) override;
    void on_header_impl(error_code&) override {}
    void on_body_init_impl(const boost::optional<std::uint64_t>& content_length, error_code&) override;
    std::size_t on_body_impl(boost::beast::string_view body, error_code&) override;
    void on_chunk_header_impl(std::uint64_t, boost::beast::string_view, error_code&) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view body, error_code&) override;
    void on_finish_impl(error_code&) override {}

    request& req_;
    std::size_t max_body_;
    bool got_request_line_ = false;
};

}  // namespace coronet::http
