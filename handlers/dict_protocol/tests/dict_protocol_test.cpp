// The DICT handler over loopback: a tcp::server on a free port serving two stores made from a
// word book in a temporary directory, spoken to in raw DICT (every command, counts, quoting,
// dot-stuffing, errors, long lines, pipelining) and with the stock `dict` client.
#include <boost/test/unit_test.hpp>

#include <poll.h>
#include <sys/socket.h>

#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <coronet/handlers/dict_protocol.hpp>
#include <coronet/handlers/dictionary_store.hpp>
#include <coronet/log.hpp>
#include <coronet/tcp/server.hpp>

#include "support/test_support.hpp"

using namespace std::chrono_literals;
using coronet::handlers::dict_database;
using coronet::handlers::dictionary_store;
using coronet::testing::tcp_client;

namespace {

const std::string apple_zh = "\xe8\x8b\xb9\xe6\x9e\x9c";                      // 苹果
const std::string ni_hao = "\xe4\xbd\xa0\xe5\xa5\xbd";                        // 你好
const std::string ni_hao_explained = "\xe9\x97\xae\xe5\x80\x99 (a greeting)";  // 问候 (a greeting)

std::shared_ptr<dictionary_store> make_store(const std::filesystem::path& file, const std::string& book) {
    auto store = std::make_shared<dictionary_store>(file);
    std::istringstream in(book);
    store->import_wordbook(in);
    return store;
}

// Two databases: a word book and a second, smaller one that also knows "apple".
struct dict_server {
    coronet::testing::temp_directory dir;
    coronet::logger quiet{coronet::log_level::warn};
    std::shared_ptr<dictionary_store> words = make_store(dir.path() / "words.db",
        "apple\tan edible fruit; " + apple_zh + "\n"
        "maple\ta tree\n"
        "able\tcan do\n"
        "abacus\ta counting frame\n"
        "Abandon\tto leave\n"
        "Robert\ta name\n" +
        ni_hao + "\t" + ni_hao_explained + "\n");
    std::shared_ptr<dictionary_store> second = make_store(dir.path() / "second.db", "apple\tthe second apple\n");
    coronet::runtime rt{{.threads = 1, .grace_period = 1000ms, .handle_signals = false}};
    coronet::tcp::server server;
    coronet::testing::background_runtime running{rt};

    explicit dict_server(coronet::handlers::dict_protocol_options options = {})
        : server(rt, {.port = 0, .log = &quiet}, handler(std::move(options))) {}

    coronet::tcp::connection_handler handler(coronet::handlers::dict_protocol_options options) {
        words->put("new york", "a city\nin the state of New York");
        words->put("dotted", "first line\n.starts with a dot\n..two dots\n.");
        options.log = &quiet;
        return coronet::handlers::dict_protocol_handler(
            {{.name = "wordbook", .description = "Word book", .info = "", .store = words},
             {.name = "second", .description = "Second book", .info = "All about the second book.\n.dotted", .store = second}},
            std::move(options));
    }
    std::uint16_t port() const { return server.port(); }
};

// The number of whole replies in `text`: final status lines (2xx, 4xx, 5xx) outside text blocks.
std::size_t complete_replies(std::string_view text) {
    std::size_t replies = 0;
    bool in_text = false;
    for (std::size_t end; (end = text.find("\r\n")) != std::string_view::npos; text.remove_prefix(end + 2)) {
        std::string_view line = text.substr(0, end);
        if (in_text) {
            if (line == ".") in_text = false;
            continue;
        }
        if (line.size() < 3) continue;
        if (line[0] == '1') in_text = line.substr(0, 3) != "150";   // 150 only announces 151s
        else if (line[0] == '2' || line[0] == '4' || line[0] == '5') ++replies;
    }
    return replies;
}

std::string receive_replies(tcp_client& client, std::size_t n) {
    return client.receive(5s, [n](std::string_view text) { return complete_replies(text) >= n; });
}

// A client past the banner.
struct session {
    tcp_client client;
    std::string banner;
    explicit session(std::uint16_t port) : client(port) { banner = receive_replies(client, 1); }
    std::string ask(std::string_view command) {
        client.send(std::string(command) + "\r\n");
        return receive_replies(client, 1);
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(banner_carries_capabilities_and_a_msg_id) {
    dict_server s;
    session c(s.port());
    BOOST_TEST(c.banner.starts_with("220 coronet <mime> <"));
    BOOST_TEST(c.banner.ends_with(">\r\n"));
    auto msg_id = c.banner.substr(c.banner.rfind('<'));
    BOOST_TEST(msg_id.find('@') != std::string::npos);
    BOOST_TEST(complete_replies(c.banner) == 1u);
}

BOOST_AUTO_TEST_CASE(define_answers_from_every_database_or_the_first) {
    dict_server s;
    session c(s.port());
    const std::string wordbook_apple = "151 \"apple\" wordbook \"Word book\"\r\nan edible fruit; " + apple_zh + "\r\n.\r\n";
    const std::string second_apple = "151 \"apple\" second \"Second book\"\r\nthe second apple\r\n.\r\n";
    BOOST_TEST(c.ask("DEFINE * apple") ==
               "150 2 definitions retrieved\r\n" + wordbook_apple + second_apple + "250 ok\r\n");
    BOOST_TEST(c.ask("DEFINE ! apple") == "150 1 definitions retrieved\r\n" + wordbook_apple + "250 ok\r\n");
    BOOST_TEST(c.ask("define second apple") == "150 1 definitions retrieved\r\n" + second_apple + "250 ok\r\n");
    BOOST_TEST(c.ask("DEFINE * APPLE").starts_with("150 2 definitions retrieved\r\n151 \"apple\" wordbook"),
               "ASCII case is ignored when the exact spelling is missing");
    BOOST_TEST(c.ask("DEFINE * aple") == "552 no match\r\n");
    BOOST_TEST(c.ask("DEFINE * \"\"") == "552 no match\r\n");
    BOOST_TEST(c.ask("DEFINE nope apple") == "550 invalid database, use SHOW DB for list\r\n");
}

BOOST_AUTO_TEST_CASE(definitions_are_utf8_dot_stuffed_and_headwords_quoted) {
    dict_server s;
    session c(s.port());
    BOOST_TEST(c.ask("DEFINE * " + ni_hao) == "150 1 definitions retrieved\r\n151 \"" + ni_hao +
                                                   "\" wordbook \"Word book\"\r\n" + ni_hao_explained +
                                                   "\r\n.\r\n250 ok\r\n");
    BOOST_TEST(c.ask("DEFINE wordbook dotted") ==
               "150 1 definitions retrieved\r\n151 \"dotted\" wordbook \"Word book\"\r\n"
               "first line\r\n..starts with a dot\r\n...two dots\r\n..\r\n.\r\n250 ok\r\n");
    BOOST_TEST(c.ask("DEFINE wordbook \"New York\"") ==
               "150 1 definitions retrieved\r\n151 \"new york\" wordbook \"Word book\"\r\n"
               "a city\r\nin the state of New York\r\n.\r\n250 ok\r\n");
}

BOOST_AUTO_TEST_CASE(match_counts_quotes_and_uses_each_strategy) {
    dict_server s;
    session c(s.port());
    BOOST_TEST(c.ask("MATCH * prefix ab") == "152 3 matches found\r\nwordbook \"Abandon\"\r\nwordbook \"abacus\"\r\n"
                                             "wordbook \"able\"\r\n.\r\n250 ok\r\n");
    BOOST_TEST(c.ask("MATCH * . aple") == "152 4 matches found\r\nwordbook \"able\"\r\nwordbook \"apple\"\r\n"
                                          "wordbook \"maple\"\r\nsecond \"apple\"\r\n.\r\n250 ok\r\n");
    BOOST_TEST(c.ask("MATCH ! lev aple") == "152 3 matches found\r\nwordbook \"able\"\r\nwordbook \"apple\"\r\n"
                                            "wordbook \"maple\"\r\n.\r\n250 ok\r\n");
    BOOST_TEST(c.ask("MATCH wordbook exact \"NEW YORK\"") == "152 1 matches found\r\nwordbook \"new york\"\r\n.\r\n250 ok\r\n");
    BOOST_TEST(c.ask("MATCH wordbook substring W YO") == "501 syntax error, illegal parameters\r\n");
    BOOST_TEST(c.ask("MATCH wordbook substring \"W YO\"") == "152 1 matches found\r\nwordbook \"new york\"\r\n.\r\n250 ok\r\n");
    BOOST_TEST(c.ask("MATCH * suffix PLE") == "152 3 matches found\r\nwordbook \"apple\"\r\nwordbook \"maple\"\r\n"
                                             "second \"apple\"\r\n.\r\n250 ok\r\n");
    BOOST_TEST(c.ask("MATCH wordbook soundex rupert") == "152 1 matches found\r\nwordbook \"Robert\"\r\n.\r\n250 ok\r\n");
    BOOST_TEST(c.ask("MATCH * prefix zzz") == "552 no match\r\n");
    BOOST_TEST(c.ask("MATCH * nostrat x") == "551 invalid strategy, use SHOW STRAT for a list\r\n");
    BOOST_TEST(c.ask("MATCH nope prefix a") == "550 invalid database, use SHOW DB for list\r\n");
}

BOOST_AUTO_TEST_CASE(match_stops_at_max_matches) {
    dict_server s({.max_matches = 2});
    session c(s.port());
    BOOST_TEST(c.ask("MATCH * prefix a") == "152 2 matches found\r\nwordbook \"Abandon\"\r\nwordbook \"abacus\"\r\n.\r\n250 ok\r\n");
}

BOOST_AUTO_TEST_CASE(show_commands_and_the_rest) {
    dict_server s;
    session c(s.port());
    BOOST_TEST(c.ask("SHOW DB") == "110 2 databases present\r\nwordbook \"Word book\"\r\nsecond \"Second book\"\r\n.\r\n250 ok\r\n");
    BOOST_TEST(c.ask("show databases") == c.ask("SHOW DB"));
    auto strategies = c.ask("SHOW STRAT");
    BOOST_TEST(strategies.starts_with("111 6 strategies available\r\nexact \""));
    for (auto name : {"\r\nprefix \"", "\r\nsubstring \"", "\r\nsuffix \"", "\r\nsoundex \"", "\r\nlev \""})
        BOOST_TEST(strategies.find(name) != std::string::npos, name);
    BOOST_TEST(strategies.ends_with("\r\n.\r\n250 ok\r\n"));
    BOOST_TEST(c.ask("SHOW INFO wordbook") == "112 information for wordbook\r\nwordbook: Word book\r\n9 headwords\r\n.\r\n250 ok\r\n");
    BOOST_TEST(c.ask("SHOW INFO second") == "112 information for second\r\nAll about the second book.\r\n..dotted\r\n.\r\n250 ok\r\n");
    BOOST_TEST(c.ask("SHOW INFO nope") == "550 invalid database, use SHOW DB for list\r\n");
    auto server = c.ask("SHOW SERVER");
    BOOST_TEST(server.starts_with("114 server information\r\ncoronet\r\n"));
    BOOST_TEST(server.find("wordbook                  9  Word book\r\n") != std::string::npos, server);
    BOOST_TEST(c.ask("CLIENT \"test client 1.0\"") == "250 ok\r\n");
    BOOST_TEST(c.ask("STATUS").starts_with("210 status [connections 1, commands "));
    auto help = c.ask("HELP");
    BOOST_TEST(help.starts_with("113 help text follows\r\nDEFINE database word"));
    BOOST_TEST(help.ends_with("\r\n.\r\n250 ok\r\n"));
    BOOST_TEST(c.ask("QUIT") == "221 bye\r\n");
    BOOST_TEST(c.client.closed_within(2s));
}

BOOST_AUTO_TEST_CASE(option_mime_puts_a_header_before_text) {
    dict_server s;
    session c(s.port());
    const std::string header = "Content-type: text/plain; charset=utf-8\r\nContent-transfer-encoding: 8bit\r\n\r\n";
    BOOST_TEST(c.ask("OPTION MIME") == "250 ok - using MIME headers\r\n");
    BOOST_TEST(c.ask("DEFINE second apple") == "150 1 definitions retrieved\r\n151 \"apple\" second \"Second book\"\r\n" +
                                                   header + "the second apple\r\n.\r\n250 ok\r\n");
    BOOST_TEST(c.ask("MATCH second exact apple") == "152 1 matches found\r\n" + header + "second \"apple\"\r\n.\r\n250 ok\r\n");
    BOOST_TEST(c.ask("SHOW DB").starts_with("110 2 databases present\r\n" + header + "wordbook"));
}

BOOST_AUTO_TEST_CASE(bad_commands_get_500_501_502_and_the_session_goes_on) {
    dict_server s;
    session c(s.port());
    BOOST_TEST(c.ask("FOO bar") == "500 unknown command\r\n");
    BOOST_TEST(c.ask("DEFINE") == "501 syntax error, illegal parameters\r\n");
    BOOST_TEST(c.ask("DEFINE * \"open") == "501 syntax error, illegal parameters\r\n");
    BOOST_TEST(c.ask("DEFINE * \xff") == "501 syntax error, illegal parameters\r\n");
    BOOST_TEST(c.ask("SHOW") == "501 syntax error, illegal parameters\r\n");
    BOOST_TEST(c.ask("OPTION FOO") == "501 syntax error, illegal parameters\r\n");
    BOOST_TEST(c.ask("AUTH user secret") == "502 command not implemented\r\n");
    // A blank line is no command (as in dictd): only STATUS is answered.
    BOOST_TEST(c.ask("\r\n  \r\nSTATUS").starts_with("210 status"));
    BOOST_TEST(c.ask("DEFINE ! apple").starts_with("150 1 definitions retrieved"));
}

BOOST_AUTO_TEST_CASE(lines_over_the_limit_get_500_and_are_skipped) {
    dict_server s;
    session c(s.port());
    const std::string too_long = "500 line too long (the limit is 1024 bytes with CRLF)\r\n";
    // 1022 bytes and CRLF is the longest line: an unknown command, not a long line.
    BOOST_TEST(c.ask(std::string(1022, 'x')) == "500 unknown command\r\n");
    BOOST_TEST(c.ask(std::string(1023, 'x')) == too_long);
    // Long lines and the commands after them in one send: each long line is one 500.
    c.client.send(std::string(3000, 'y') + "\r\nSTATUS\r\n" + std::string(40000, 'z') + "\r\nDEFINE ! apple\r\n");
    auto replies = receive_replies(c.client, 4);
    BOOST_TEST(replies.starts_with(too_long + "210 status ["));
    BOOST_TEST(replies.find("]\r\n" + too_long + "150 1 definitions retrieved\r\n") != std::string::npos, replies);
    // A long line that arrives in pieces, its end much later.
    c.client.send(std::string(20000, 'w'));
    BOOST_TEST(receive_replies(c.client, 1) == too_long);
    c.client.send(std::string(20000, 'w'));
    c.client.send("w\r\nSTATUS\r\n");
    BOOST_TEST(receive_replies(c.client, 1).starts_with("210 status ["));
}

BOOST_AUTO_TEST_CASE(pipelined_commands_are_answered_in_order) {
    dict_server s;
    session c(s.port());
    c.client.send("CLIENT pipelining\r\nDEFINE * aple\r\nMATCH wordbook . aple\r\nFOO\r\nDEFINE second apple\r\nSHOW DB\r\n"
                  "QUIT\r\nSTATUS\r\n");
    auto replies = c.client.receive_all(5s);   // QUIT closes: every reply, then the end
    BOOST_TEST(replies ==
               "250 ok\r\n"
               "552 no match\r\n"
               "152 3 matches found\r\nwordbook \"able\"\r\nwordbook \"apple\"\r\nwordbook \"maple\"\r\n.\r\n250 ok\r\n"
               "500 unknown command\r\n"
               "150 1 definitions retrieved\r\n151 \"apple\" second \"Second book\"\r\nthe second apple\r\n.\r\n250 ok\r\n"
               "110 2 databases present\r\nwordbook \"Word book\"\r\nsecond \"Second book\"\r\n.\r\n250 ok\r\n"
               "221 bye\r\n");
}

BOOST_AUTO_TEST_CASE(a_reply_leaves_in_one_write) {
    // Written whole at once, a small reply arrives whole in the first read over loopback;
    // written in pieces (with TCP_NODELAY on), the first read would see only a part.
    dict_server s;
    session c(s.port());
    const std::string expected = "150 2 definitions retrieved\r\n151 \"apple\" wordbook \"Word book\"\r\nan edible fruit; " +
                                 apple_zh + "\r\n.\r\n151 \"apple\" second \"Second book\"\r\nthe second apple\r\n.\r\n250 ok\r\n";
    for (int i = 0; i < 20; ++i) {
        c.client.send("DEFINE * apple\r\n");
        pollfd p{c.client.fd(), POLLIN, 0};
        BOOST_TEST_REQUIRE(::poll(&p, 1, 5000) == 1);
        char buffer[4096];
        auto n = ::recv(c.client.fd(), buffer, sizeof buffer, 0);
        BOOST_TEST_REQUIRE(n > 0);
        BOOST_TEST(std::string(buffer, static_cast<std::size_t>(n)) == expected);
    }
}

BOOST_AUTO_TEST_CASE(bad_databases_are_refused_up_front) {
    coronet::testing::temp_directory dir;
    auto store = std::make_shared<dictionary_store>(dir.path() / "w.db");
    using coronet::handlers::dict_protocol_handler;
    BOOST_CHECK_THROW(dict_protocol_handler({{.name = "has space", .store = store}}), std::invalid_argument);
    BOOST_CHECK_THROW(dict_protocol_handler({{.name = "*", .store = store}}), std::invalid_argument);
    BOOST_CHECK_THROW(dict_protocol_handler({{.name = "", .store = store}}), std::invalid_argument);
    BOOST_CHECK_THROW(dict_protocol_handler({{.name = ".dot", .store = store}}), std::invalid_argument);
    BOOST_CHECK_THROW(dict_protocol_handler({{.name = "nostore"}}), std::invalid_argument);
    BOOST_CHECK_THROW(dict_protocol_handler({{.name = "a", .store = store}, {.name = "a", .store = store}}),
                      std::invalid_argument);
    BOOST_CHECK_THROW(dict_protocol_handler({{.name = "a", .description = "two\nlines", .store = store}}),
                      std::invalid_argument);
    BOOST_CHECK_THROW(dict_protocol_handler({}, {.server_name = "a\r\nb"}), std::invalid_argument);
    BOOST_CHECK_NO_THROW(dict_protocol_handler({{.name = "ok", .store = store}}));
}

BOOST_AUTO_TEST_CASE(no_databases_is_554) {
    coronet::logger quiet{coronet::log_level::warn};
    coronet::runtime rt{{.threads = 1, .grace_period = 1000ms, .handle_signals = false}};
    coronet::tcp::server server{rt, {.port = 0, .log = &quiet}, coronet::handlers::dict_protocol_handler({}, {.log = &quiet})};
    coronet::testing::background_runtime running{rt};
    session c(server.port());
    BOOST_TEST(c.ask("SHOW DB") == "554 no databases present\r\n");
    BOOST_TEST(c.ask("DEFINE * apple") == "552 no match\r\n");
}

#ifdef CORONET_DICT_CLIENT_BIN

namespace {

struct client_run {
    int status = -1;
    std::string output;   // stdout and stderr together: the client reports misses on stderr
};

// The stock client against the test server. Its configuration file names only this server,
// so the client never looks elsewhere (the system's names public servers).
client_run run_dict(const dict_server& s, std::vector<std::string> args) {
    auto config = s.dir.path() / "dict.conf";
    std::ofstream(config) << "server 127.0.0.1 { port " << s.port() << " }\n";
    std::vector<std::string> argv{"/bin/sh", "-c", "exec \"$0\" \"$@\" 2>&1", CORONET_DICT_CLIENT_BIN,
                                  "-c", config.string(), "-h", "127.0.0.1", "-p", std::to_string(s.port())};
    argv.insert(argv.end(), args.begin(), args.end());
    auto ran = coronet::testing::run_program(argv);
    return {ran.status, ran.out};
}

}  // namespace

BOOST_AUTO_TEST_CASE(stock_client_prints_a_definition) {
    dict_server s;
    auto run = run_dict(s, {"apple"});
    BOOST_TEST(run.status == 0, run.output);
    BOOST_TEST(run.output.find("2 definitions found") != std::string::npos, run.output);
    BOOST_TEST(run.output.find("From Word book [wordbook]:") != std::string::npos, run.output);
    BOOST_TEST(run.output.find("an edible fruit; " + apple_zh) != std::string::npos, run.output);
    BOOST_TEST(run.output.find("the second apple") != std::string::npos, run.output);

    auto spaced = run_dict(s, {"new york"});
    BOOST_TEST(spaced.status == 0, spaced.output);
    BOOST_TEST(spaced.output.find("in the state of New York") != std::string::npos, spaced.output);

    auto chinese = run_dict(s, {ni_hao});
    BOOST_TEST(chinese.status == 0, chinese.output);
    BOOST_TEST(chinese.output.find(ni_hao_explained) != std::string::npos, chinese.output);

    auto dotted = run_dict(s, {"dotted"});
    BOOST_TEST(dotted.status == 0, dotted.output);
    BOOST_TEST(dotted.output.find("\n  .starts with a dot\n  ..two dots\n  .\n") != std::string::npos, dotted.output);

    // The stock client sends OPTION MIME but does not read MIME headers: it prints them.
    auto mime = run_dict(s, {"-M", "apple"});
    BOOST_TEST(mime.status == 0, mime.output);
    BOOST_TEST(mime.output.find("  Content-type: text/plain; charset=utf-8\n") != std::string::npos, mime.output);
    BOOST_TEST(mime.output.find("an edible fruit") != std::string::npos, mime.output);
}

BOOST_AUTO_TEST_CASE(stock_client_suggests_on_a_miss_and_exits_21) {
    dict_server s;
    auto run = run_dict(s, {"aple"});
    BOOST_TEST(run.status == 21, run.output);
    BOOST_TEST(run.output.find("No definitions found for \"aple\", perhaps you mean:") != std::string::npos, run.output);
    BOOST_TEST(run.output.find("wordbook:  able  apple  maple") != std::string::npos, run.output);
    BOOST_TEST(run.output.find("second:  apple") != std::string::npos, run.output);

    auto nothing = run_dict(s, {"qqqqqqq"});
    BOOST_TEST(nothing.status == 20, nothing.output);
}

BOOST_AUTO_TEST_CASE(stock_client_lists_databases_strategies_and_server) {
    dict_server s;
    auto dbs = run_dict(s, {"-D"});
    BOOST_TEST(dbs.status == 0, dbs.output);
    BOOST_TEST(dbs.output.find("Databases available:\n wordbook   Word book\n second     Second book\n") != std::string::npos,
               dbs.output);

    auto strats = run_dict(s, {"-S"});
    BOOST_TEST(strats.status == 0, strats.output);
    BOOST_TEST(strats.output.find("Strategies available:\n exact ") != std::string::npos, strats.output);
    BOOST_TEST(strats.output.find("\n lev        Match headwords within Levenshtein distance one\n") != std::string::npos,
               strats.output);

    auto server = run_dict(s, {"-I"});
    BOOST_TEST(server.status == 0, server.output);
    BOOST_TEST(server.output.find("A DICT server (RFC 2229) on coronet") != std::string::npos, server.output);

    auto info = run_dict(s, {"-i", "second"});
    BOOST_TEST(info.status == 0, info.output);
    BOOST_TEST(info.output.find("All about the second book.") != std::string::npos, info.output);
}

BOOST_AUTO_TEST_CASE(stock_client_matches_and_picks_a_database) {
    dict_server s;
    auto prefix = run_dict(s, {"-m", "-s", "prefix", "ab"});
    BOOST_TEST(prefix.status == 0, prefix.output);
    BOOST_TEST(prefix.output.find("wordbook:  Abandon  abacus  able") != std::string::npos, prefix.output);

    auto quoted = run_dict(s, {"-m", "-s", "substring", "w yo"});
    BOOST_TEST(quoted.status == 0, quoted.output);
    BOOST_TEST(quoted.output.find("wordbook:  \"new york\"") != std::string::npos, quoted.output);

    auto second = run_dict(s, {"-d", "second", "apple"});
    BOOST_TEST(second.status == 0, second.output);
    BOOST_TEST(second.output.find("1 definition found") != std::string::npos, second.output);
    BOOST_TEST(second.output.find("the second apple") != std::string::npos, second.output);
    BOOST_TEST(second.output.find("an edible fruit") == std::string::npos, second.output);

    auto unknown = run_dict(s, {"-d", "nope", "apple"});
    BOOST_TEST(unknown.status == 39, unknown.output);   // "Invalid database"
}

#else

BOOST_AUTO_TEST_CASE(stock_client_cases_need_dict) {
    BOOST_TEST_MESSAGE("the dict client (Debian package dict) was not found at configure time: its cases were left out");
}

#endif
