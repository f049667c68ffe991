#include <coronet/handlers/dictionary_lines.hpp>

#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <coronet/log.hpp>
#include <coronet/tcp/framing.hpp>

#include "word_request.hpp"

namespace coronet::handlers {
namespace {

using namespace dictionary_detail;

struct lines_state {
    std::shared_ptr<dictionary_store> store;
    dictionary_lines_options options;
    logger& log;
};

// Answers waiting for one write; past this much they leave even if more requests are queued.
constexpr std::size_t flush_bytes = 64 * 1024;

// Appends "STATUS SIZE\n" and a body made of `lines`, each followed by "\n".
template <class... Lines>
void append_answer(std::string& out, std::string_view status, const Lines&... lines) {
    std::size_t size = (0 + ... + (std::string_view(lines).size() + 1));
    fmt::format_to(std::back_inserter(out), "{} {}\n", status, size);
    ((out.append(lines).push_back('\n')), ...);
}

void append_miss(std::string& out, std::string_view word, const std::vector<std::string>& suggestions) {
    std::size_t size = word.size() + 1;
    for (const auto& s : suggestions) size += s.size() + 1;
    fmt::format_to(std::back_inserter(out), "not-found {}\n", size);
    out.append(word).push_back('\n');
    for (const auto& s : suggestions) out.append(s).push_back('\n');
}

void answer_line(const lines_state& s, const tcp::connection& conn, std::string_view line, std::string& out) {
    const auto& o = s.options;
    auto request = read_word_request(line, o.max_word_bytes);
    if (request.problem != request_problem::none) {
        auto message = describe(request.problem, o.max_word_bytes);
        s.log.info("tcp dictionary: {}: {}", conn.remote_endpoint().address().to_string(), message);
        append_answer(out, "error", message);
        return;
    }
    try {
        auto found = look_up(*s.store, request.word, o.suggestions);
        if (found.entry)
            append_answer(out, "found", found.entry->word, found.entry->explanation);
        else
            append_miss(out, request.word, found.suggestions);
    } catch (const std::exception& e) {
        s.log.error("tcp dictionary: lookup failed: {}", e.what());
        append_answer(out, "error", std::string_view("the lookup failed"));
    }
}

task<void> serve(std::shared_ptr<const lines_state> s, tcp::connection& conn) {
    const auto& o = s->options;
    line_reader reader{conn, o.max_line_bytes};
    std::string out;
    for (;;) {
        std::optional<std::string> line;
        std::optional<framing_error> broken;
        try {
            line = co_await reader.next();
        } catch (const boost::system::system_error& e) {
            if (e.code() == framing_error::message_too_long) broken = framing_error::message_too_long;
            else if (e.code() == framing_error::truncated_message) broken = framing_error::truncated_message;
            else throw;
        }
        if (broken) {
            // The rest of the line cannot be told from the next request: answer, then close.
            auto message = *broken == framing_error::message_too_long
                               ? fmt::format("the line is over {} bytes; closing", o.max_line_bytes)
                               : std::string("the last request has no line end (\\n); closing");
            s->log.info("tcp dictionary: {}: {}", conn.remote_endpoint().address().to_string(), message);
            append_answer(out, "error", message);
            co_await conn.write(boost::asio::buffer(out));
            co_return;
        }
        if (!line) break;
        answer_line(*s, conn, *line, out);
        // Answers to requests that arrived together go out in one write (pipelining).
        bool more_queued = reader.buffered().find('\n') != std::string_view::npos;
        if (!more_queued || out.size() >= flush_bytes) {
            co_await conn.write(boost::asio::buffer(out));
            out.clear();
        }
    }
}

}  // namespace

tcp::connection_handler dictionary_line_handler(std::shared_ptr<dictionary_store> store, dictionary_lines_options options) {
    if (!store) throw std::invalid_argument("dictionary_line_handler: no store");
    if (options.max_line_bytes < options.max_word_bytes)
        throw std::invalid_argument("dictionary_line_handler: max_line_bytes under max_word_bytes");
    auto& log = options.log ? *options.log : default_logger();
    auto s = std::make_shared<const lines_state>(lines_state{std::move(store), std::move(options), log});
    return [s](tcp::connection& conn) { return serve(s, conn); };
}

}  // namespace coronet::handlers
