#include <coronet/handlers/echo.hpp>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <coronet/log.hpp>
#include <coronet/tcp/framing.hpp>

namespace coronet::handlers {
namespace {

namespace asio = boost::asio;

struct echo_state {
    // Spelled out: clang before 16 has no parenthesized aggregate initialization (make_shared).
    echo_state(echo_options o, logger& l) : options(std::move(o)), log(l) {}
    echo_options options;
    logger& log;
    std::atomic<std::size_t> connected{0};   // clients in this handler, on every thread
};

struct tally {
    std::size_t messages = 0;
    std::size_t bytes = 0;
};

// Raw mode reads this much at most; lines and frames read in the framing's own chunks.
constexpr std::size_t raw_chunk = 16 * 1024;
// Answers to lines that arrived together wait for one write, up to this much.
constexpr std::size_t flush_bytes = 64 * 1024;
// After an error answer, what the client still sends is read and dropped, up to this much.
constexpr std::size_t drop_limit = 1024 * 1024;

std::string describe(const asio::ip::tcp::endpoint& peer) {
    const auto address = peer.address();
    return address.is_v6() ? fmt::format("[{}]:{}", address.to_string(), peer.port())
                           : fmt::format("{}:{}", address.to_string(), peer.port());
}

std::string end_of_stream(const tcp::connection& conn) {
    return conn.draining() ? "the server is shutting down" : "the client closed the connection (or stayed idle too long)";
}

// One message, or the framing error that ended the stream (other errors are thrown).
struct next_message {
    std::optional<std::string> message;   // std::nullopt and no error: a clean end of stream
    std::optional<framing_error> broken;
};

template <class Reader>
task<next_message> read_message(Reader& reader) {
    next_message out;
    try {
        out.message = co_await reader.next();
    } catch (const boost::system::system_error& e) {
        if (e.code() == framing_error::message_too_long) out.broken = framing_error::message_too_long;
        else if (e.code() == framing_error::truncated_message) out.broken = framing_error::truncated_message;
        else throw;
    }
    co_return out;
}

std::string error_text(framing_error broken, std::string_view unit, std::size_t limit) {
    if (broken == framing_error::message_too_long) return fmt::format("error: {} over {} bytes; closing", unit, limit);
    return fmt::format("error: the stream ended inside a {}; closing", unit);
}

// After an error answer: end our side, then read and drop what the client still sends until
// it closes (bounded). Closing with unread bytes would make the kernel reset the connection,
// and the client could lose the answer before reading it.
task<void> drop_rest(tcp::connection& conn) {
    boost::system::error_code ignored;
    conn.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    std::vector<char> sink(raw_chunk);
    try {
        for (std::size_t dropped = 0; dropped < drop_limit;) {
            auto n = co_await conn.read_some(asio::buffer(sink));
            if (n == 0) break;
            dropped += n;
        }
    } catch (const boost::system::system_error&) {
        // The client reset the connection or stalled: it is going anyway.
    }
}

task<std::string> echo_raw(tcp::connection& conn, tally& counts) {
    std::vector<char> buffer(raw_chunk);
    for (;;) {
        auto n = co_await conn.read_some(asio::buffer(buffer));
        if (n == 0) co_return end_of_stream(conn);
        co_await conn.write(asio::buffer(buffer.data(), n));
        ++counts.messages;
        counts.bytes += n;
    }
}

task<std::string> echo_lines(tcp::connection& conn, const echo_options& options, tally& counts) {
    line_reader reader{conn, options.max_line_bytes};
    std::string out;
    for (;;) {
        auto next = co_await read_message(reader);
        if (next.broken) {
            auto answer = error_text(*next.broken, "line", options.max_line_bytes);
            out.append(answer).push_back('\n');
            co_await conn.write(asio::buffer(out));
            co_await drop_rest(conn);
            co_return answer.substr(std::string_view("error: ").size()).append(" (answered)");
        }
        if (!next.message) co_return end_of_stream(conn);
        out.append(*next.message).push_back('\n');
        ++counts.messages;
        counts.bytes += next.message->size();
        bool more_queued = reader.buffered().find('\n') != std::string_view::npos;
        if (!more_queued || out.size() >= flush_bytes) {
            co_await conn.write(asio::buffer(out));
            out.clear();
        }
    }
}

task<std::string> echo_frames(tcp::connection& conn, const echo_options& options, tally& counts) {
    frame_reader reader{conn, options.max_frame_bytes};
    for (;;) {
        auto next = co_await read_message(reader);
        if (next.broken) {
            auto answer = error_text(*next.broken, "frame", options.max_frame_bytes);
            co_await write_frame(conn, answer);
            co_await drop_rest(conn);
            co_return answer.substr(std::string_view("error: ").size()).append(" (answered)");
        }
        if (!next.message) co_return end_of_stream(conn);
        co_await write_frame(conn, *next.message);
        ++counts.messages;
        counts.bytes += next.message->size();
    }
}

task<std::string> echo(tcp::connection& conn, const echo_options& options, tally& counts) {
    switch (options.mode) {
    case echo_mode::lines: return echo_lines(conn, options, counts);
    case echo_mode::frames: return echo_frames(conn, options, counts);
    case echo_mode::raw: break;
    }
    return echo_raw(conn, counts);
}

task<void> serve(std::shared_ptr<echo_state> s, tcp::connection& conn) {
    const auto mode = to_string(s->options.mode);
    const auto peer = describe(conn.remote_endpoint());
    std::size_t now_connected = ++s->connected;
    s->log.info("echo {}: {} connected ({} connected)", mode, peer, now_connected);
    tally counts;
    std::string why;
    try {
        why = co_await echo(conn, s->options, counts);
    } catch (const boost::system::system_error& e) {
        why = e.code().message();   // a reset, a timeout mid-message, a shutdown forced
    } catch (const std::exception& e) {
        why = e.what();
    }
    now_connected = --s->connected;
    s->log.info("echo {}: {} left: {}; {} {}, {} bytes echoed ({} connected)", mode, peer, why, counts.messages,
                s->options.mode == echo_mode::raw ? "reads" : "messages", counts.bytes, now_connected);
}

}  // namespace

std::string_view to_string(echo_mode mode) {
    switch (mode) {
    case echo_mode::raw: return "raw";
    case echo_mode::lines: return "lines";
    case echo_mode::frames: return "frames";
    }
    return "unknown";
}

std::optional<echo_mode> parse_echo_mode(std::string_view text) {
    for (auto mode : {echo_mode::raw, echo_mode::lines, echo_mode::frames})
        if (text == to_string(mode)) return mode;
    return std::nullopt;
}

tcp::connection_handler echo_handler(echo_options options) {
    if (options.max_line_bytes == 0 || options.max_frame_bytes == 0)
        throw std::invalid_argument("echo_handler: a message limit of 0 bytes");
    auto& log = options.log ? *options.log : default_logger();
    auto state = std::make_shared<echo_state>(std::move(options), log);
    return [state](tcp::connection& conn) { return serve(state, conn); };
}

}  // namespace coronet::handlers
