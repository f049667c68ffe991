#pragma once
// The dictionary over TCP: a line protocol, many lookups per connection.
//   auto store = std::make_shared<coronet::handlers::dictionary_store>("words.db");
//   coronet::tcp::server lines{rt, {.port = 8889}, coronet::handlers::dictionary_line_handler(store)};
//
// TCP delivers bytes, not messages (the seeds' "sticky packets"), so both directions are framed:
//
//   request   one word per line: WORD "\n" (a "\r" before the "\n", and spaces and tabs around
//             the word, are ignored). UTF-8.
//   answer    a status line, then a body of exactly SIZE bytes:
//               STATUS " " SIZE "\n" BODY
//             The body is lines, each ending in "\n" (SIZE counts every byte of them):
//               found SIZE       the word as stored, then its explanation (which may span lines)
//               not-found SIZE   the word asked for, then up to `suggestions` near words, one a line
//               error SIZE       what was wrong with the request
//
//   $ printf 'hello\nhelo\n' | nc -q1 127.0.0.1 8889          (with the sample word book)
//   found 76
//   hello
//   int. 你好；喂（用于问候、打招呼或打电话） n. 问候
//   not-found 31
//   helo
//   hello
//   half
//   hear
//   here
//   hole
//
// A reader takes the status line, then SIZE bytes, whatever the explanation holds: no escaping,
// no scanning for an end mark. Every request line gets exactly one answer, in order, so a client
// may send many lines before reading (pipelining); answers to lines that arrived together leave
// in one write. Errors, each answered and logged once:
//   - an empty line, a word over `max_word_bytes`, a word that is not UTF-8, a failed lookup:
//     an error answer; the connection goes on;
//   - a line over `max_line_bytes`, or a last line without its "\n" (the client closed its
//     side mid-line): an error answer, then the connection is closed (the framing is lost).
// Between requests a connection waits up to the server's idle timeout.
#include <cstddef>
#include <memory>

#include <coronet/handlers/dictionary_store.hpp>
#include <coronet/tcp/server.hpp>

namespace coronet { class logger; }

namespace coronet::handlers {

struct dictionary_lines_options {
    std::size_t max_word_bytes = 256;           // a longer word: an error answer
    std::size_t max_line_bytes = 4 * 1024;      // a longer line: an error answer, then close
    std::size_t suggestions = 5;                // near words offered on a miss
    logger* log = nullptr;                      // nullptr: default_logger()
};

// Throws std::invalid_argument without a store or with max_line_bytes < max_word_bytes.
tcp::connection_handler dictionary_line_handler(std::shared_ptr<dictionary_store> store,
                                                dictionary_lines_options options = {});

}  // namespace coronet::handlers
