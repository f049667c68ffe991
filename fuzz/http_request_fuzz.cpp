// The HTTP server's request reading (framework/src/http/request_parser.hpp): Beast's parser
// feeding a coronet request, and the obs-fold refusal, driven as the server drives them (the
// bytes arrive in pieces; several requests may follow each other on one connection). Checks
// that a folded header line never gets through, that a body never passes its limit, that a
// Content-Length body is exactly that long, and that what is parsed holds no CR, LF or NUL.
#include <charconv>
#include <cstdint>
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>

#include <coronet/http/fields.hpp>

#include "fuzz_check.hpp"
#include "http/request_parser.hpp"

using coronet::fuzz::require;
namespace http = coronet::http;
namespace he = boost::beast::http;

namespace {

constexpr std::size_t max_header_bytes = 2048;
constexpr std::size_t max_body_bytes = 4096;

// A line of the header block (after the request line) that starts with a space or a tab.
bool folded(std::string_view message) {
    auto end = message.find("\r\n\r\n");
    if (end == std::string_view::npos) return false;
    auto block = message.substr(0, end + 2);
    for (std::size_t at = block.find('\n'); at != std::string_view::npos && at + 1 < block.size(); at = block.find('\n', at + 1))
        if (block[at + 1] == ' ' || block[at + 1] == '\t') return true;
    return false;
}

bool clean(std::string_view s) { return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos; }

// Reads requests from `input`, handed over `piece` bytes at a time, as the server's read loop does.
class connection {
public:
    connection(std::string_view input, std::size_t piece) : input_(input), piece_(piece) {}

    // Parses one request; false when the connection would be closed (an error or the end).
    bool next_request() {
        // The server starts a request at its first byte: an end of stream before it is a close.
        if (buffer_.empty() && arrived_ == input_.size()) return false;
        std::size_t start = consumed_;
        http::request req;
        http::request_parser parser(req, max_header_bytes, max_body_bytes);
        parser.eager(false);
        auto ec = read(parser, [&] { return parser.is_header_done(); });
        if (!ec) {
            require(!folded(input_.substr(start)), "a folded header line is refused");
            check_head(req);
            parser.eager(true);
            if (!parser.is_done()) ec = read(parser, [&] { return parser.is_done(); });
        }
        if (ec) return false;
        require(req.body().size() <= max_body_bytes, "a body never passes its limit");
        auto length_text = req.header("Content-Length");
        std::uint64_t length = 0;
        auto [end, error] = std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
        if (!parser.chunked() && error == std::errc{} && end == length_text.data() + length_text.size())
            require(req.body().size() == length, "a Content-Length body is that long");
        return true;
    }

private:
    // The server's read_until: put what is buffered, read more when the parser needs it.
    template <class Done>
    boost::system::error_code read(http::request_parser& parser, Done done) {
        for (;;) {
            if (!buffer_.empty()) {
                boost::system::error_code ec;
                std::size_t used = parser.put_refusing_obs_fold(boost::asio::buffer(buffer_), ec);
                buffer_.erase(0, used);
                consumed_ += used;
                if (ec && ec != he::error::need_more) return ec;
                if (done()) return {};
                if (!ec && used != 0 && !buffer_.empty()) continue;
            }
            if (!parser.is_header_done() || buffer_.size() < max_header_bytes) {
                if (arrived_ < input_.size()) {
                    auto more = input_.substr(arrived_, piece_);
                    buffer_.append(more);
                    arrived_ += more.size();
                    continue;
                }
            } else {
                return he::error::header_limit;
            }
            boost::system::error_code ec;
            parser.put_eof(ec);
            if (!ec && done()) return {};
            return ec ? ec : he::error::partial_message;
        }
    }

    static void check_head(const http::request& req) {
        require(req.version() == 10 || req.version() == 11, "only HTTP/1.0 and 1.1 are read");
        require(!req.method_string().empty() && !req.target().empty(), "a request line has a method and a target");
        require(clean(req.method_string()) && clean(req.target()), "the request line holds no CR, LF or NUL");
        for (const auto& [name, value] : req.headers())
            require(!name.empty() && clean(name) && clean(value), "header fields hold no CR, LF or NUL");
        auto path = req.path();
        require(path.empty() || req.target().find(path) != std::string_view::npos, "the path is part of the target");
        (void)req.keep_alive();
        (void)req.query("q");
    }

    std::string_view input_;
    std::size_t piece_;
    std::string buffer_;
    std::size_t arrived_ = 0;    // bytes of input_ handed to the buffer
    std::size_t consumed_ = 0;   // bytes of input_ the parser has taken
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    if (size == 0) return 0;
    // The first byte: how many bytes arrive at a time (1 to 256); the rest is what the client sends.
    connection c(coronet::fuzz::as_text(data + 1, size - 1), std::size_t{data[0]} + 1);
    for (int i = 0; i < 8 && c.next_request(); ++i) {
    }
    return 0;
}
