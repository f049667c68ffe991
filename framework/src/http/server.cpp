#include <coronet/http/server.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <limits>
#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <fmt/format.h>

#include "detail/stream_service.hpp"
#include "http/request_parser.hpp"
#include "http/response_head.hpp"

namespace coronet::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;
using clock = std::chrono::steady_clock;
using session_ptr = std::shared_ptr<coronet::detail::session_state>;
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

namespace {

constexpr std::size_t read_chunk = 16 * 1024;

// A well-formed version we do not speak ("HTTP/2.0"): Beast reports it as bad_version, the
// same error as a malformed request line, but it deserves 505 rather than 400.
bool unsupported_version(std::string_view buffered) {
    auto line = buffered.substr(0, buffered.find("\r\n"));
    auto version = line.substr(line.rfind(' ') + 1);
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    return version.size() == 8 && version.starts_with("HTTP/") && digit(version[5]) && version[6] == '.' &&
           digit(version[7]) && version != "HTTP/1.0" && version != "HTTP/1.1";
}

// The status for a request that could not be read; 0 when there is no one to answer.
unsigned status_for_read_error(const boost::system::error_code& ec, bool timed_out, const request_parser& parser,
                               const request& req, const beast::flat_buffer& buffer, std::size_t max_target) {
    using he = beast::http::error;
    if (ec == asio::error::operation_aborted) return timed_out ? 408 : 0;
    if (ec == he::header_limit) {
        // The target is part of the header block: a request line too long to read whole is
        // a long target, 414, not 431. (Beast has consumed the request line once it read it,
        // so the buffer cannot tell which line overflowed; the parser can.)
        return (!parser.got_request_line() || req.target().size() > max_target) ? 414 : 431;
    }
    if (ec == he::body_limit) return 413;
    if (ec == he::partial_message) return 400;
    if (ec == he::bad_version) {
        // A failed request line is still at the front of the buffer.
        std::string_view seen{static_cast<const char*>(buffer.data().data()), buffer.size()};
        return unsupported_version(seen) ? 505 : 400;
    }
    if (ec.category() == make_error_code(he::bad_method).category()) return 400;   // every other parse error
    return 0;                                                     // reset, broken pipe, eof: gone
}

class stream_writer final : public body_writer {
public:
    // `limit`: the Content-Length the handler declared; bytes past it would be read as the next
    // response, so they are refused.
    stream_writer(coronet::detail::session_state& s, std::chrono::milliseconds timeout, bool chunked, std::uint64_t limit)
        : s_(s), timeout_(timeout), chunked_(chunked), limit_(limit) {}

    task<void> write(std::string_view data) override {
        if (data.empty()) co_return;
        if (data.size() > limit_ - bytes) throw std::length_error("streamed body longer than its Content-Length");
        boost::system::error_code ec;
        if (chunked_) {
            auto size = fmt::format("{:x}\r\n", data.size());
            std::array<asio::const_buffer, 3> parts{asio::buffer(size), asio::buffer(data), asio::buffer("\r\n", 2)};
            ec = co_await s_.write_all(parts, timeout_);
        } else {
            ec = co_await s_.write_all(asio::buffer(data), timeout_);
        }
        if (ec) {
            failure = ec;
            throw boost::system::system_error(ec, "write");
        }
        bytes += data.size();
    }

    std::size_t bytes = 0;
    boost::system::error_code failure;   // the connection's, which ended the body (the client's doing)

private:
    coronet::detail::session_state& s_;
    std::chrono::milliseconds timeout_;
    bool chunked_;
    std::uint64_t limit_;
};

}  // namespace

struct server::state final : coronet::detail::stream_service {
    state(runtime& rt, server_options opts, router r)
        : stream_service(rt, coronet::detail::listener_of(opts)), options(std::move(opts)), routes(std::move(r)) {}

    task<void> serve(session_ptr session) override {
        auto& s = *session;
        boost::system::error_code ec;
        s.socket.set_option(tcp::no_delay(true), ec);
        auto remote = s.socket.remote_endpoint(ec);
        if (ec) co_return;
        std::string peer = fmt::format("{}:{}", remote.address().to_string(), remote.port());
        beast::flat_buffer buffer;
        std::string out;
        request req;        // reused: its strings and vectors keep their capacity
        req.set_peer(peer);
        bool first = true;
        for (;;) {
            // Between requests: wait for the first byte, unless a pipelined request is buffered.
            if (buffer.size() == 0) {
                if (s.draining()) break;
                s.set_idle(true);
                s.expire_after(first ? options.header_timeout : options.idle_timeout);
                auto [read_ec, n] = co_await s.socket.async_read_some(buffer.prepare(read_chunk), nothrow);
                s.set_idle(false);
                if (read_ec) break;     // closed, reset, idle too long, or drained: nothing to answer
                buffer.commit(n);
            }
            first = false;
            auto started = clock::now();
            s.expire_after(options.header_timeout);
            request_parser parser(req, options.max_header_bytes, options.max_body_bytes);
            auto head_ec = co_await read_until(s, buffer, parser, phase::header, options.max_header_bytes);
            if (head_ec) {
                unsigned status = status_for_read_error(head_ec, s.timed_out(), parser, req, buffer, options.max_target_bytes);
                co_await refuse_request(s, req, status, head_ec.message(), out, started);
                break;
            }
            if (unsigned status = check_head(req, parser)) {
                co_await refuse_request(s, req, status, {}, out, started);
                break;
            }
            if (!parser.is_done()) {
                // An HTTP/1.0 client cannot read a 1xx: it MUST be ignored there (RFC 9110, 10.1.1).
                if (req.version() == 11 && iequals(req.header("Expect"), "100-continue")) {
                    static constexpr std::string_view go_on = "HTTP/1.1 100 Continue\r\n\r\n";
                    if (co_await s.write_all(asio::buffer(go_on), options.write_timeout)) break;
                }
                s.expire_after(options.body_timeout);
                auto body_ec = co_await read_until(s, buffer, parser, phase::body, options.max_header_bytes);
                if (body_ec) {
                    unsigned status = status_for_read_error(body_ec, s.timed_out(), parser, req, buffer, options.max_target_bytes);
                    co_await refuse_request(s, req, status, body_ec.message(), out, started);
                    break;
                }
            }
            s.clear_deadline();
            response res = co_await call_handler(req);
            bool keep_alive = req.keep_alive() && !s.draining() && !iequals(res.headers.get("Connection"), "close");
            if (!co_await send(s, req, res, keep_alive, out, started)) break;
            if (!keep_alive) {
                co_await close_gracefully(s);
                break;
            }
        }
    }

    enum class phase { header, body };

    // Feeds the parser from the buffer, reading from the socket whenever it needs more, until
    // the header (or the whole message) is parsed. Driving Beast's parser directly, rather
    // than through its composed read operations, saves a layer of operation objects per request.
    // `max_line` bounds what the body phase buffers unparsed (a chunk-size line, the trailer).
    static task<boost::system::error_code> read_until(coronet::detail::session_state& s, beast::flat_buffer& buffer,
                                                      request_parser& parser, phase until, std::size_t max_line) {
        namespace he = beast::http;
        parser.eager(until == phase::body);
        auto done = [&] { return until == phase::header ? parser.is_header_done() : parser.is_done(); };
        for (;;) {
            if (buffer.size() != 0) {
                boost::system::error_code ec;
                std::size_t used = parser.put_refusing_obs_fold(buffer.data(), ec);
                buffer.consume(used);
                if (ec && ec != he::error::need_more) co_return ec;
                if (done()) co_return boost::system::error_code{};
                if (!ec && used != 0 && buffer.size() != 0) continue;
            }
            // Beast limits the header block, but neither a chunk-size line (its extensions) nor
            // the trailer: past max_header_bytes they are refused as a header would be (431).
            if (until == phase::body && buffer.size() >= max_line) co_return make_error_code(he::error::header_limit);
            auto [ec, n] = co_await s.socket.async_read_some(buffer.prepare(read_chunk), nothrow);
            if (ec == asio::error::eof) {
                // The client closed mid-request: whatever it sent is incomplete.
                boost::system::error_code eof_ec;
                parser.put_eof(eof_ec);
                if (!eof_ec && done()) co_return boost::system::error_code{};
                co_return eof_ec ? eof_ec : make_error_code(he::error::partial_message);
            }
            if (ec) co_return ec;
            buffer.commit(n);
        }
    }

    // 0 when the head is fine, else the status that refuses it.
    unsigned check_head(const request& req, const request_parser& parser) const {
        if (req.version() != 10 && req.version() != 11) return 505;
        if (req.method() == method::unknown) return 501;
        if (req.target().size() > options.max_target_bytes) return 414;
        // RFC 9112, 3.2: a 1.1 request needs a Host, and no request may carry two.
        auto hosts = std::count_if(req.headers().begin(), req.headers().end(),
                                   [](const auto& field) { return iequals(field.first, "Host"); });
        if (hosts > 1 || (req.version() == 11 && hosts == 0)) return 400;
        // Beast reads a request whose Transfer-Encoding does not end in chunked as bodiless,
        // so its body would be parsed as the next request: RFC 9112, 6.3 says 400 and close.
        if (req.headers().contains("Transfer-Encoding") && !parser.chunked()) return 400;
        // Checked here rather than with the body, so that a bodiless request gets the same answer.
        if (auto expect = req.header("Expect"); !expect.empty() && !iequals(expect, "100-continue")) return 417;
        return 0;
    }

    task<response> call_handler(request& req) {
        try {
            co_return co_await routes.handle(req);
        } catch (const std::exception& e) {
            log().error("http {}: handler for {} {} threw: {}", local_endpoint().port(), req.method_string(), req.target(), e.what());
        } catch (...) {
            log().error("http {}: handler for {} {} threw a non-exception", local_endpoint().port(), req.method_string(), req.target());
        }
        co_return error_page(500);
    }

    // Answers a request that cannot be served and closes the connection (the request's
    // framing may be lost). No status: the client is gone or the server is draining.
    task<void> refuse_request(coronet::detail::session_state& s, request& req, unsigned status, std::string_view why,
                              std::string& out, clock::time_point started) {
        if (status == 0) co_return;
        log().info("http {}: {} from {}: {} {}", local_endpoint().port(), status, req.peer(), reason_phrase(status),
                   why.empty() ? std::string_view{} : why);
        response res = error_page(status);
        if (req.method_string().empty()) {     // no request line was read: log it as "- -"
            req.set_method(method::unknown, "-");
            req.set_target("-");
        }
        if (co_await send(s, req, res, false, out, started)) co_await close_gracefully(s);
    }

    // Writes the response; false when the connection broke.
    task<bool> send(coronet::detail::session_state& s, const request& req, response& res, bool keep_alive,
                    std::string& out, clock::time_point started) {
        bool http10 = req.version() == 10;
        auto framing = framing_for(res, http10);
        if (framing == body_framing::until_close) keep_alive = false;
        bool with_body = req.method() != method::head && framing != body_framing::none;
        out.clear();
        std::size_t length = res.file ? res.file->length : res.body.size();
        if (auto dropped = append_head(out, res, framing, length, {options.server_name, keep_alive, http10}))
            log().error("http {}: {} {}: left out {} response header(s) holding CR or LF", local_endpoint().port(),
                        req.method_string(), req.target(), dropped);
        std::size_t body_bytes = 0;
        boost::system::error_code ec;
        if (res.file && !res.stream && with_body) {
            auto sent = co_await s.send_file(out, res.file->fd, res.file->offset, res.file->length, options.write_timeout);
            body_bytes = sent.bytes;
            ec = sent.ec;
            if (!ec && sent.bytes != res.file->length) {
                log().error("http {}: body of {} {}: the file ended after {} of {} bytes", local_endpoint().port(),
                            req.method_string(), req.target(), sent.bytes, res.file->length);
                co_return false;
            }
        } else if (!res.stream) {
            std::string_view body = with_body ? std::string_view(res.body) : std::string_view{};
            // Small bodies go out in the same write as the head.
            if (body.size() <= 4096) {
                out.append(body);
                ec = co_await s.write_all(asio::buffer(out), options.write_timeout);
            } else {
                std::array<asio::const_buffer, 2> parts{asio::buffer(out), asio::buffer(body)};
                ec = co_await s.write_all(parts, options.write_timeout);
            }
            body_bytes = body.size();
        } else {
            ec = co_await s.write_all(asio::buffer(out), options.write_timeout);
            if (!ec && with_body) {
                auto declared = std::numeric_limits<std::uint64_t>::max();
                if (framing == body_framing::length) {
                    auto text = res.headers.get("Content-Length");
                    std::from_chars(text.data(), text.data() + text.size(), declared);
                }
                stream_writer writer{s, options.write_timeout, framing == body_framing::chunked, declared};
                try {
                    co_await res.stream(writer);
                } catch (const std::exception& e) {
                    // The head is out: all we can do is cut the response short. A write the
                    // connection failed (a client that stopped reading or went away) is not the
                    // server's error: it ends below, like any response's.
                    if (!writer.failure) {
                        log().error("http {}: body of {} {} failed: {}", local_endpoint().port(), req.method_string(),
                                    req.target(), e.what());
                        co_return false;
                    }
                }
                ec = writer.failure;
                body_bytes = writer.bytes;
                if (!ec && framing == body_framing::length && writer.bytes != declared) {
                    // Short of its length: the client would take the next response for the rest.
                    log().error("http {}: body of {} {}: {} bytes streamed, Content-Length said {}", local_endpoint().port(),
                                req.method_string(), req.target(), writer.bytes, res.headers.get("Content-Length"));
                    co_return false;
                }
                if (!ec && framing == body_framing::chunked) {
                    ec = co_await s.write_all(asio::buffer("0\r\n\r\n", 5), options.write_timeout);
                }
            }
        }
        if (ec == asio::error::timed_out)
            log().info("http {}: {} took no byte of the response to {} {} for {} ms: closed (write_timeout)",
                       local_endpoint().port(), req.peer(), req.method_string(), req.target(), options.write_timeout.count());
        if (options.access_log && log().enabled(log_level::info)) {
            auto micros = std::chrono::duration_cast<std::chrono::microseconds>(clock::now() - started).count();
            log().info("{} \"{} {} HTTP/1.{}\" {} {} {:.3f}ms", req.peer(), req.method_string(), req.target(),
                       req.version() == 10 ? 0 : 1, res.status, body_bytes, micros / 1000.0);
        }
        co_return !ec;
    }

    // Half-closes, then reads (and drops) what the client still sends for a moment, so
    // that our last response is not destroyed by a reset from unread data.
    task<void> close_gracefully(coronet::detail::session_state& s) {
        boost::system::error_code ec;
        s.socket.shutdown(tcp::socket::shutdown_send, ec);
        if (ec) co_return;
        s.expire_after(std::chrono::seconds(2));
        std::array<char, 4096> sink;
        for (std::size_t total = 0; total < 1024 * 1024;) {
            auto [read_ec, n] = co_await s.socket.async_read_some(asio::buffer(sink), nothrow);
            if (read_ec) break;
            total += n;
        }
    }

    // Over the connection limit, or draining. Built like every other response, so that it
    // carries Date and Server too.
    task<void> refuse(tcp::socket socket) override {
        response res = error_page(503, "The server is at capacity or shutting down; try again shortly.");
        res.headers.add("Retry-After", "1");
        std::string busy;
        append_head(busy, res, body_framing::length, res.body.size(), {options.server_name, false, false});
        busy += res.body;
        auto s = std::make_shared<coronet::detail::session_state>(std::move(socket));
        if (!co_await s->write_all(asio::buffer(busy), std::chrono::seconds(1))) co_await close_gracefully(*s);
        s->finish();
    }

    server_options options;
    router routes;
};

server::server(runtime& rt, server_options options, router routes)
    : state_(std::make_shared<state>(rt, std::move(options), std::move(routes))) {
    state_->start();
}

server::~server() { state_->stop(); }

tcp::endpoint server::local_endpoint() const { return state_->local_endpoint(); }
std::size_t server::connections() const { return state_->active(); }

}  // namespace coronet::http
