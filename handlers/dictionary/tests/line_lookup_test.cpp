// dictionary_line_handler on a real TCP server over loopback, with a real SQLite store: the
// framing (status line, SIZE bytes of body), pipelined requests answered in order, error answers
// that keep the connection, and the two that end it (a line over the limit, a last line
// without its "\n").
#include <boost/test/unit_test.hpp>

#include <charconv>
#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <coronet/handlers/dictionary_lines.hpp>
#include <coronet/log.hpp>

#include "support/test_support.hpp"

using namespace coronet;
using namespace coronet::testing;
using coronet::handlers::dictionary_line_handler;
using coronet::handlers::dictionary_store;

namespace {

struct answer {
    std::string status;
    std::string body;
};

// The answers `text` holds in full, read as the header describes: "STATUS SIZE\n", SIZE bytes.
// std::nullopt when the text breaks the framing.
std::optional<std::vector<answer>> parse_answers(std::string_view text) {
    std::vector<answer> answers;
    while (!text.empty()) {
        auto newline = text.find('\n');
        if (newline == std::string_view::npos) break;   // not all here yet
        std::string_view head = text.substr(0, newline);
        auto space = head.find(' ');
        if (space == std::string_view::npos) return std::nullopt;
        std::size_t size = 0;
        auto digits = head.substr(space + 1);
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), size);
        if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
        if (text.size() < newline + 1 + size) break;
        std::string body(text.substr(newline + 1, size));
        if (!body.ends_with('\n')) return std::nullopt;   // a body is whole lines
        answers.push_back({std::string(head.substr(0, space)), std::move(body)});
        text.remove_prefix(newline + 1 + size);
    }
    return answers;
}

// Reads until `n` answers are in (or the deadline passes), and returns them with what followed.
std::vector<answer> receive_answers(tcp_client& c, std::size_t n) {
    auto text = c.receive(5s, [n](std::string_view got) {
        auto parsed = parse_answers(got);
        return !parsed || parsed->size() >= n;
    });
    auto parsed = parse_answers(text);
    BOOST_REQUIRE_MESSAGE(parsed, "framing broken in: " << text);
    return *parsed;
}

struct line_dictionary {
    line_dictionary() {
        store->put("hello", "int. 你好；喂");
        store->put("help", "v. 帮助");
        store->put("held", "v. hold 的过去式");
        store->put("你好", "int. hello");
        store->put("poem", "line one\nline two\r\n\nfound 3");   // looks like framing: must not confuse a reader
    }
    ~line_dictionary() {
        running.reset();
    }

    temp_directory dir;
    std::shared_ptr<dictionary_store> store = std::make_shared<dictionary_store>(dir.path() / "words.db");
    captured_log logged;   // what the handler logged
    runtime rt{{.threads = 2, .handle_signals = false}};
    tcp::server server{rt, {}, dictionary_line_handler(store, {.max_line_bytes = 1024, .log = &logged.log})};
    std::unique_ptr<background_runtime> running = std::make_unique<background_runtime>(rt);
};

}  // namespace

BOOST_AUTO_TEST_CASE(an_answer_is_a_status_line_then_size_bytes) {
    line_dictionary d;
    tcp_client c{d.server.port()};
    c.send("hello\n");
    // Spelled out once: 24 = "hello\n" (6) + "int. 你好；喂" (17) + "\n".
    BOOST_TEST(c.receive(5s, [](std::string_view got) { return got.size() >= 33; }) == "found 24\nhello\nint. 你好；喂\n");
}

BOOST_AUTO_TEST_CASE(pipelined_requests_are_answered_in_order) {
    line_dictionary d;
    tcp_client c{d.server.port()};
    c.send("hello\r\nHELLO\n  helo \n你好\npoem\nzzzzzz\n你\n");
    auto got = receive_answers(c, 7);
    BOOST_REQUIRE_EQUAL(got.size(), 7u);
    BOOST_TEST(got[0].status == "found");
    BOOST_TEST(got[0].body == "hello\nint. 你好；喂\n");
    BOOST_TEST(got[1].body == "hello\nint. 你好；喂\n");   // the word as stored
    BOOST_TEST(got[2].status == "not-found");
    BOOST_TEST(got[2].body == "helo\nheld\nhelp\nhello\n");
    BOOST_TEST(got[3].body == "你好\nint. hello\n");
    BOOST_TEST(got[4].body == "poem\nline one\nline two\r\n\nfound 3\n");
    BOOST_TEST(got[5].status == "not-found");
    BOOST_TEST(got[5].body == "zzzzzz\n");
    BOOST_TEST(got[6].body == "你\n你好\n");
}

BOOST_AUTO_TEST_CASE(a_thousand_requests_in_one_write_get_a_thousand_answers) {
    line_dictionary d;
    tcp_client c{d.server.port()};
    std::string batch;
    for (int i = 0; i < 1000; ++i) batch.append(i % 2 ? "hello\n" : "help\n");
    c.send(batch);
    auto got = receive_answers(c, 1000);
    BOOST_REQUIRE_EQUAL(got.size(), 1000u);
    for (std::size_t i = 0; i < got.size(); ++i)
        if (got[i].body != (i % 2 ? "hello\nint. 你好；喂\n" : "help\nv. 帮助\n")) BOOST_FAIL("answer " << i << ": " << got[i].body);
}

BOOST_AUTO_TEST_CASE(bad_requests_get_an_error_answer_and_the_connection_goes_on) {
    line_dictionary d;
    tcp_client c{d.server.port()};
    c.send("\n \t\r\n\xff\xfe\n" + std::string(257, 'a') + "\n" + std::string(256, 'a') + "\nhello\n");
    auto got = receive_answers(c, 6);
    BOOST_REQUIRE_EQUAL(got.size(), 6u);
    BOOST_TEST(got[0].status == "error");
    BOOST_TEST(got[0].body == "the request is empty: send a word\n");
    BOOST_TEST(got[1].body == "the request is empty: send a word\n");
    BOOST_TEST(got[2].body == "the word is not valid UTF-8\n");
    BOOST_TEST(got[3].body == "the word is over 256 bytes\n");
    BOOST_TEST(got[4].status == "not-found");
    BOOST_TEST(got[5].status == "found");
    auto logged = d.logged.text();
    BOOST_TEST(std::count(logged.begin(), logged.end(), '\n') == 4, logged);
}

BOOST_AUTO_TEST_CASE(a_line_over_the_limit_is_answered_then_the_connection_closes) {
    line_dictionary d;
    tcp_client c{d.server.port()};
    c.send("hello\n" + std::string(5000, 'a') + "\nhello\n");
    auto text = c.receive_all();   // up to end of stream
    auto got = parse_answers(text);
    BOOST_REQUIRE(got);
    BOOST_REQUIRE_EQUAL(got->size(), 2u);
    BOOST_TEST((*got)[0].status == "found");
    BOOST_TEST((*got)[1].status == "error");
    BOOST_TEST((*got)[1].body == "the line is over 1024 bytes; closing\n");
}

BOOST_AUTO_TEST_CASE(a_last_line_without_its_newline_is_answered_then_closed) {
    line_dictionary d;
    tcp_client c{d.server.port()};
    c.send("hello\nhel");
    c.shutdown_send();
    auto got = parse_answers(c.receive_all());
    BOOST_REQUIRE(got);
    BOOST_REQUIRE_EQUAL(got->size(), 2u);
    BOOST_TEST((*got)[1].status == "error");
    BOOST_TEST((*got)[1].body == "the last request has no line end (\\n); closing\n");
}

BOOST_AUTO_TEST_CASE(a_client_that_closes_between_requests_ends_quietly) {
    line_dictionary d;
    {
        tcp_client c{d.server.port()};
        c.send("hello\n");
        BOOST_TEST(receive_answers(c, 1).size() == 1u);
    }
    BOOST_TEST(wait_until([&] { return d.server.connections() == 0; }));
    BOOST_TEST(d.logged.text().empty());
}

BOOST_AUTO_TEST_CASE(options_that_cannot_work_are_refused) {
    temp_directory dir;
    auto store = std::make_shared<dictionary_store>(dir.path() / "words.db");
    BOOST_CHECK_THROW(dictionary_line_handler(nullptr), std::invalid_argument);
    BOOST_CHECK_THROW(dictionary_line_handler(store, {.max_word_bytes = 100, .max_line_bytes = 99}), std::invalid_argument);
}
