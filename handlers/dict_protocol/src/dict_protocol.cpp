#include <coronet/handlers/dict_protocol.hpp>

#include <array>
#include <optional>

#include <coronet/tcp/framing.hpp>

#include "dict_service.hpp"
#include "replay_stream.hpp"

namespace coronet::handlers {

namespace {

using dict_detail::dict_service;
using dict_detail::replay_stream;

// Replies to pipelined commands gather up to this much before they must leave.
constexpr std::size_t max_gathered_reply = 64 * 1024;

bool holds_a_line(std::string_view buffered) { return buffered.find('\n') != std::string_view::npos; }

// After a line over the limit: drops the rest of it (what the reader held and whatever of it is
// still to come) and puts what follows back in front of the stream. False if the stream ended
// inside the line.
task<bool> drop_rest_of_line(replay_stream& stream, std::string rest) {
    std::size_t newline = rest.find('\n');
    std::array<char, 4096> scratch;
    while (newline == std::string::npos) {
        std::size_t n = co_await stream.read_some(boost::asio::buffer(scratch), false);
        if (n == 0) co_return false;
        rest.assign(scratch.data(), n);
        newline = rest.find('\n');
    }
    stream.put_back(std::string_view(rest).substr(newline + 1));
    co_return true;
}

task<void> serve(std::shared_ptr<dict_service> service, tcp::connection& conn) {
    dict_service::session session;
    session.peer = conn.remote_endpoint().address().to_string();
    replay_stream stream{conn};
    // The limit counts the CRLF; the reader's does not.
    const std::size_t max_line = service->options().max_line_bytes - 2;
    std::optional<line_reader> reader;
    reader.emplace(stream, max_line);

    std::string out;   // one reply, or the replies to commands that arrived together
    service->append_banner(out);
    co_await conn.write(boost::asio::buffer(out));
    out.clear();

    for (;;) {
        std::optional<std::string> line;
        bool too_long = false;
        try {
            line = co_await reader->next();
        } catch (const boost::system::system_error& e) {
            if (e.code() != framing_error::message_too_long) throw;
            too_long = true;
        }
        if (too_long) {
            service->answer_line_too_long(session, out);
            co_await conn.write(boost::asio::buffer(out));
            out.clear();
            bool resynced = co_await drop_rest_of_line(stream, std::string(reader->buffered()));
            if (!resynced) co_return;
            reader.emplace(stream, max_line);
            continue;
        }
        if (!line) co_return;   // the client closed, the idle timeout passed, or the server drains

        bool go_on = service->answer(session, parse_dict_command(*line), out);
        // Another whole command already here: its reply joins this one, in order, in one write.
        if (go_on && out.size() < max_gathered_reply && holds_a_line(reader->buffered())) continue;
        if (!out.empty()) co_await conn.write(boost::asio::buffer(out));
        out.clear();
        if (!go_on) co_return;
    }
}

}  // namespace

tcp::connection_handler dict_protocol_handler(std::vector<dict_database> databases, dict_protocol_options options) {
    auto service = std::make_shared<dict_service>(std::move(databases), std::move(options));
    return [service](tcp::connection& conn) { return serve(service, conn); };
}

}  // namespace coronet::handlers
