#include <coronet/handlers/dictionary_udp.hpp>

#include <algorithm>
#include <optional>
#include <stdexcept>

#include <coronet/log.hpp>

#include "word_request.hpp"

namespace coronet::handlers {
namespace {

using namespace dictionary_detail;

struct udp_state {
    std::shared_ptr<dictionary_store> store;
    dictionary_udp_options options;
    logger& log;
};

// Replies are built at most one byte over the cap (that byte says "cut"), so a 64 KiB
// explanation costs no more than a 1 KiB one.
void append_bounded(std::string& text, std::string_view piece, std::size_t cap) {
    if (text.size() > cap) return;
    text.append(piece.substr(0, cap + 1 - text.size()));
}

// Cuts an over-long reply to `cap` bytes: at a character boundary (never inside a UTF-8
// sequence, so the client can decode it), then the marker.
void cut_to_fit(std::string& text, std::size_t cap) {
    if (text.size() <= cap) return;
    std::size_t end = cap - truncated_marker.size();
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;   // a continuation byte
    text.resize(end);
    text.append(truncated_marker);
}

std::string error_reply(std::string_view message) {
    std::string text = "error: ";
    text.append(message);
    return text;
}

std::string reply_to(const udp_state& s, const udp::datagram_view& d) {
    const auto& o = s.options;
    auto request = d.truncated() ? word_request{{}, request_problem::too_long} : read_word_request(d.payload(), o.max_word_bytes);
    if (request.problem != request_problem::none) {
        auto message = describe(request.problem, o.max_word_bytes);
        s.log.info("udp dictionary: {} bytes from {}: {}", d.wire_size(), d.sender().address().to_string(), message);
        return error_reply(message);
    }
    lookup_result found;
    try {
        found = look_up(*s.store, request.word, o.suggestions);
    } catch (const std::exception& e) {
        s.log.error("udp dictionary: lookup failed: {}", e.what());
        return error_reply("the lookup failed");
    }
    std::string text;
    const std::size_t cap = o.max_reply_bytes;
    if (found.entry) {
        text.reserve(std::min(found.entry->word.size() + 2 + found.entry->explanation.size(), cap + 1));
        append_bounded(text, found.entry->word, cap);
        append_bounded(text, ": ", cap);
        append_bounded(text, found.entry->explanation, cap);
    } else {
        append_bounded(text, "not found: ", cap);
        append_bounded(text, request.word, cap);
        for (std::size_t i = 0; i < found.suggestions.size(); ++i) {
            append_bounded(text, i == 0 ? "; did you mean: " : ", ", cap);
            append_bounded(text, found.suggestions[i], cap);
        }
    }
    cut_to_fit(text, cap);
    return text;
}

}  // namespace

udp::responder dictionary_udp_handler(std::shared_ptr<dictionary_store> store, dictionary_udp_options options) {
    if (!store) throw std::invalid_argument("dictionary_udp_handler: no store");
    if (options.max_reply_bytes < 64) throw std::invalid_argument("dictionary_udp_handler: max_reply_bytes under 64");
    auto& log = options.log ? *options.log : default_logger();
    auto s = std::make_shared<const udp_state>(udp_state{std::move(store), std::move(options), log});
    // A responder: a lookup answers at once (a local SQLite read), so it runs in the
    // server's receive loop, with no coroutine or copy per datagram.
    return [s](const udp::datagram_view& d) -> std::optional<std::string> { return reply_to(*s, d); };
}

}  // namespace coronet::handlers
