#pragma once
// Beast's HTTP/1.1 parser, feeding a coronet request directly (no intermediate message).
#include <string_view>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/basic_parser.hpp>

#include <coronet/http/request.hpp>

namespace coronet::http {

class request_parser final : public boost::beast::http::basic_parser<true> {
public:
    using error_code = boost::beast::error_code;

    // Clears `req`, then fills it as the message is parsed.
    request_parser(request& req, std::size_t max_header_bytes, std::size_t max_body_bytes);

    // put(), refusing a folded header line (obs-fold: a CRLF followed by a space or tab) with
    // error::bad_value. Beast joins such lines; we refuse them (RFC 9112, 5.2 allows either),
    // since a front end that reads the fold differently would see other headers than ours: a
    // way to smuggle a request. Beast consumes a header line by line as its bytes arrive, so
    // each piece it consumes is scanned, after the last bytes of the one before (a fold may
    // straddle two reads). Until the header is done the parser must not be eager, so that a put
    // ends with the header.
    std::size_t put_refusing_obs_fold(boost::asio::const_buffer buffer, error_code& ec);

    // The request line was read whole: req's method, target and version are the client's.
    bool got_request_line() const { return got_request_line_; }

private:
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
    char header_tail_[2] = {};     // the last two header bytes consumed
};

}  // namespace coronet::http
