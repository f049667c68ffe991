// dictionary_udp_handler on a real UDP server over loopback, with a real SQLite store: hits in
// any ASCII case, misses with suggestions, UTF-8 words, replies cut to the cap at a character
// boundary, and an error reply (logged once) for each kind of bad request.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <coronet/handlers/dictionary_udp.hpp>
#include <coronet/log.hpp>
#include <coronet/utf8.hpp>

#include "support/test_support.hpp"

using namespace coronet;
using namespace coronet::testing;
using coronet::handlers::dictionary_store;
using coronet::handlers::dictionary_udp_handler;
using coronet::handlers::dictionary_udp_options;
using coronet::handlers::truncated_marker;

namespace {

std::string repeat(std::string_view piece, std::size_t times) {
    std::string s;
    for (std::size_t i = 0; i < times; ++i) s.append(piece);
    return s;
}

std::size_t count_lines(std::string_view text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

// A store with a few words, served over UDP by one server per reply cap in `caps`.
struct udp_dictionary {
    explicit udp_dictionary(std::vector<std::size_t> caps = {1024}) {
        store->put("hello", "int. 你好；喂");
        store->put("help", "v. 帮助");
        store->put("held", "v. hold 的过去式");
        store->put("你好", "int. hello (Chinese greeting)");
        store->put("long", repeat("中", 700));                      // 2100 bytes
        store->put("emoji", repeat("😀", 300));                     // 4-byte characters
        store->put("exact", std::string(1024 - 7, 'x'));           // "exact: " + 1017 bytes = 1024
        for (auto cap : caps)
            servers.push_back(std::make_unique<udp::server>(
                rt, udp::server_options{}, dictionary_udp_handler(store, {.max_reply_bytes = cap, .log = &logged.log})));
        running = std::make_unique<background_runtime>(rt);
    }
    ~udp_dictionary() {
        running.reset();
    }
    std::string ask(std::string_view request, std::size_t server = 0) const {
        return udp_exchange(servers.at(server)->port(), request).value_or("(no reply)");
    }

    temp_directory dir;
    std::shared_ptr<dictionary_store> store = std::make_shared<dictionary_store>(dir.path() / "words.db");
    captured_log logged;   // what the handler logged
    runtime rt{{.threads = 1, .handle_signals = false}};
    std::vector<std::unique_ptr<udp::server>> servers;
    std::unique_ptr<background_runtime> running;
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_hit_is_the_word_and_its_explanation_in_any_ascii_case) {
    udp_dictionary d;
    BOOST_TEST(d.ask("hello") == "hello: int. 你好；喂");
    BOOST_TEST(d.ask("HeLLo") == "hello: int. 你好；喂");
    // What `nc -u` sends: the line end and the blanks around the word are not part of it.
    BOOST_TEST(d.ask("  hello\r\n") == "hello: int. 你好；喂");
    BOOST_TEST(d.ask("你好") == "你好: int. hello (Chinese greeting)");
}

BOOST_AUTO_TEST_CASE(a_miss_names_the_word_and_the_near_ones) {
    udp_dictionary d;
    BOOST_TEST(d.ask("helo") == "not found: helo; did you mean: held, help, hello");
    BOOST_TEST(d.ask("zzzzzz") == "not found: zzzzzz");
    BOOST_TEST(d.ask("你") == "not found: 你; did you mean: 你好");
}

BOOST_AUTO_TEST_CASE(a_long_reply_is_cut_at_a_character_boundary_and_marked) {
    udp_dictionary d;
    auto reply = d.ask("long");
    BOOST_TEST(reply.size() <= 1024u);
    BOOST_TEST(reply.size() > 1024u - truncated_marker.size() - 4);   // cut as late as possible
    BOOST_TEST(is_valid_utf8(reply));
    BOOST_TEST(reply.starts_with("long: 中中中"));
    BOOST_TEST(reply.ends_with(std::string("中").append(truncated_marker)));
    // One that fits exactly is whole.
    auto exact = d.ask("exact");
    BOOST_TEST(exact.size() == 1024u);
    BOOST_TEST(!exact.ends_with(truncated_marker));
}

BOOST_AUTO_TEST_CASE(every_cut_position_keeps_utf8_whole) {
    // Four caps in a row put the cut at each byte of a 4-byte character once.
    udp_dictionary d({64, 65, 66, 67});
    for (std::size_t i = 0; i < 4; ++i) {
        auto reply = d.ask("emoji", i);
        BOOST_TEST_CONTEXT("cap " << 64 + i) {
            BOOST_TEST(reply.size() <= 64 + i);
            BOOST_TEST(reply.size() > 64 + i - 4);
            BOOST_TEST(is_valid_utf8(reply));
            BOOST_TEST(reply.starts_with("emoji: 😀"));
            BOOST_TEST(reply.ends_with(std::string("😀").append(truncated_marker)));
        }
    }
}

BOOST_AUTO_TEST_CASE(bad_requests_get_an_error_reply_each_logged_once) {
    udp_dictionary d;
    BOOST_TEST(d.ask("\xff\xfeword") == "error: the word is not valid UTF-8");
    BOOST_TEST(d.ask("") == "error: the request is empty: send a word");
    BOOST_TEST(d.ask(" \t\n") == "error: the request is empty: send a word");
    BOOST_TEST(d.ask(std::string(257, 'a')) == "error: the word is over 256 bytes");
    BOOST_TEST(d.ask(std::string(256, 'a')) == "not found: " + std::string(256, 'a'));
    BOOST_TEST(d.ask(std::string(60'000, 'a')) == "error: the word is over 256 bytes");
    BOOST_TEST(d.ask("hello") == "hello: int. 你好；喂");   // and the server goes on
    auto logged = d.logged.text();
    BOOST_TEST(count_lines(logged) == 5u, logged);
    BOOST_TEST(logged.find("not valid UTF-8") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_write_to_the_store_shows_in_the_next_reply) {
    udp_dictionary d;
    BOOST_TEST(d.ask("socket") == "not found: socket");
    d.store->put("socket", "n. 套接字");
    BOOST_TEST(d.ask("socket") == "socket: n. 套接字");
}

BOOST_AUTO_TEST_CASE(options_that_cannot_work_are_refused) {
    temp_directory dir;
    auto store = std::make_shared<dictionary_store>(dir.path() / "words.db");
    BOOST_CHECK_THROW(dictionary_udp_handler(nullptr), std::invalid_argument);
    BOOST_CHECK_THROW(dictionary_udp_handler(store, {.max_reply_bytes = 63}), std::invalid_argument);
    BOOST_CHECK_NO_THROW(dictionary_udp_handler(store, {.max_reply_bytes = 64}));
}
