#pragma once
// The dictionary over UDP, the seeds' word lookup: one datagram in, one datagram out.
//   auto store = std::make_shared<coronet::handlers::dictionary_store>("words.db");
//   coronet::udp::server udp{rt, {.port = 8888}, coronet::handlers::dictionary_udp_handler(store)};
//
// Request: a datagram holding one word, UTF-8. A line end ("\n" or "\r\n", as `nc -u` sends)
// and the spaces and tabs around the word are ignored. The lookup is the store's: the exact
// spelling, else the same word in another ASCII case.
//
// Reply: one datagram of plain UTF-8 text, written for a person (the seeds' client prints
// `data.decode()` as it comes):
//   hit      "hello: int. 喂；你好"                   the word as stored, ": ", its explanation
//   miss     "not found: helo; did you mean: hello, help, held"
//            "not found: xyzzy"                       (no word near enough)
//   error    "error: the word is not valid UTF-8"     also: the request is empty, the word is over
//                                                      `max_word_bytes` bytes, the lookup failed
// A reply never exceeds `max_reply_bytes` (1024 by default, so a client's recvfrom(1024) gets
// it whole): a longer one is cut at a UTF-8 character boundary and ends with
// `truncated_marker`, so data.decode() still works; the full text is there over TCP or HTTP.
// The reply is text for people: a program that must tell a hit from a miss for certain (a word
// may itself be "not found" or "error") uses the TCP line protocol, whose answers carry a status.
// Bad requests and failed lookups are logged (info and error), one line each.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <coronet/handlers/dictionary_store.hpp>
#include <coronet/udp/responder.hpp>
#include <coronet/udp/server.hpp>

namespace coronet { class logger; }

namespace coronet::handlers {

struct dictionary_udp_options {
    std::size_t max_word_bytes = 256;       // a longer request gets an error reply
    std::size_t max_reply_bytes = 1024;     // at least 64; longer replies are cut
    std::size_t suggestions = 5;            // near words offered on a miss
    logger* log = nullptr;                  // nullptr: default_logger()
};

// Ends a reply that was cut to fit max_reply_bytes.
inline constexpr std::string_view truncated_marker = " [... cut to fit one datagram]";

// A responder (coronet/udp/responder.hpp): each lookup runs in the server's receive loop,
// between two reads, so a slow lookup (a miss's suggestions: 1-2 ms) delays the datagrams
// behind it. Throws std::invalid_argument without a store or with max_reply_bytes < 64.
udp::responder dictionary_udp_handler(std::shared_ptr<dictionary_store> store, dictionary_udp_options options = {});

}  // namespace coronet::handlers
