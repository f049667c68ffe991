// The real coronet-dictionary on a full disk: its store on a small tmpfs, mounted in a user and
// mount namespace of its own (unshare -rm), written to over HTTP until the disk is full, then
// given room again. Left out (skipped, with the reason) where namespaces cannot be made.
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <fmt/format.h>

#include <coronet/handlers/dictionary_store.hpp>

#include "dictionary_app_ports.hpp"
#include "support/small_disk.hpp"
#include "support/test_support.hpp"

using namespace coronet::testing;
using coronet::handlers::dictionary_store;
namespace fs = std::filesystem;

namespace {

// An explanation of a few hundred bytes, different for each word (and short enough for a UDP reply).
std::string explanation_of(std::string_view word, int version = 0) {
    std::string text = fmt::format("n. version {} of {}:", version, word);
    while (text.size() < 600) text.append(" 词典").append(word);
    return text;
}

// The dictionary on a 2 MiB tmpfs that a 512 KiB ballast file shares, so that room can be made
// later. Once the server has exited, the namespace's shell copies the store out of the tmpfs
// (which goes with the namespace) into `saved`.
struct dictionary_on_a_small_disk {
    dictionary_on_a_small_disk()
        : server(disk, "2m", "512K",
                 fmt::format("{} --db {}/words.db --http-port 0 --udp-port 0 --tcp-port 0 --dict-port 0 --threads 2 "
                             "--token secret --log-file {}",
                             CORONET_DICTIONARY_BIN, disk.string(), log.string()),
                 fmt::format("mkdir -p {1} && cp {0}/words.db* {1}/", disk.string(), saved.string())) {
        auto read = read_dictionary_ports(server.shell());
        BOOST_REQUIRE(read);
        ports = *read;
    }

    http_reply request(tcp_client& c, std::string_view method, std::string_view word, std::string_view body = {}) const {
        c.send(fmt::format("{} /words/{} HTTP/1.1\r\nHost: t\r\nAccept: application/json\r\nAuthorization: Bearer secret\r\n"
                           "Content-Length: {}\r\n\r\n{}",
                           method, word, body.size(), body));
        return parse_http_reply(c.receive_http_response());
    }

    temp_directory dir;
    fs::path disk = dir.path() / "disk", saved = dir.path() / "saved", log = dir.path() / "server.log";
    server_on_a_small_disk server;
    dictionary_ports ports;
};

}  // namespace

// PUTs until the disk is full: that one and every later write is 507 with a message, logged
// once; nothing stored before is lost, and UDP, TCP, DICT and HTTP reads go on meanwhile. Once
// there is room again, writes work, and after a shutdown the store opens with every word.
BOOST_AUTO_TEST_CASE(writes_on_a_full_disk_are_507_and_nothing_stored_is_lost,
                     *boost::unit_test::precondition(namespaces_allowed)) {
    dictionary_on_a_small_disk app;
    tcp_client writer{app.ports.http};
    std::map<std::string, std::string> stored;
    http_reply full;
    for (int i = 0; i < 5000 && full.status == 0; ++i) {
        auto word = fmt::format("word{}", i);
        auto reply = app.request(writer, "PUT", word, explanation_of(word));
        if (reply.status == 201u) stored[word] = explanation_of(word);
        else full = reply;
    }
    BOOST_TEST_MESSAGE(stored.size() << " words stored before the disk was full");
    BOOST_TEST_REQUIRE(full.status == 507u, full.status << " " << full.body);
    BOOST_TEST(stored.size() > 20u);
    BOOST_TEST(full.header("Content-Type") == "application/json");
    BOOST_TEST(full.body == R"({"error":"the dictionary's disk is full: the word was not stored; try again later"})");

    // Full: new words and replacements are refused; nothing changes. (A write smaller than the
    // one refused might still fit where that one began; these need more pages than any of those.)
    auto first = stored.begin()->first, last = stored.rbegin()->first;
    const std::string large(32 * 1024, 'x');
    for (int i = 0; i < 3; ++i) BOOST_TEST(app.request(writer, "PUT", fmt::format("late{}", i), large).status == 507u);
    BOOST_TEST(app.request(writer, "PUT", first, large).status == 507u);
    // Reads go on over every protocol.
    for (const auto& word : {first, last}) {
        auto got = app.request(writer, "GET", word);
        BOOST_TEST(got.status == 200u);
        BOOST_TEST(got.body.find(fmt::format(R"("explanation":"{}")", stored[word])) != std::string::npos, got.body);
        BOOST_TEST(udp_exchange(app.ports.udp, word).value_or("") == fmt::format("{}: {}", word, stored[word]));
        tcp_client lines{app.ports.tcp};
        lines.send(word + "\n");
        auto answer = fmt::format("found {}\n{}\n{}\n", word.size() + stored[word].size() + 2, word, stored[word]);
        BOOST_TEST(lines.receive(5s, [&](std::string_view got) { return got.size() >= answer.size(); }) == answer);
        tcp_client dict{app.ports.dict};
        dict.receive(5s, [](std::string_view got) { return got.ends_with("\r\n"); });   // the banner
        dict.send(fmt::format("DEFINE * {}\r\n", word));
        auto defined = dict.receive(5s, [](std::string_view got) { return got.find("\r\n250 ") != std::string_view::npos; });
        BOOST_TEST(defined.find(stored[word]) != std::string::npos, defined);
    }
    auto logged = read_file(app.log);
    BOOST_TEST(occurrences(logged, "writes are refused with 507") == 1u, logged);   // once, for five refusals
    BOOST_TEST(logged.find("database or disk is full") != std::string::npos, logged);

    // Room again: writes work.
    app.server.free_space();
    auto later = app.request(writer, "PUT", "after", explanation_of("after"));
    BOOST_TEST(later.status == 201u, later.body);
    if (later.status == 201u) stored["after"] = explanation_of("after");
    BOOST_TEST(app.request(writer, "PUT", first, explanation_of(first, 2)).status == 200u);
    stored[first] = explanation_of(first, 2);
    BOOST_TEST(app.request(writer, "DELETE", last).status == 204u);
    stored.erase(last);
    BOOST_TEST(occurrences(read_file(app.log), "the disk has room again") == 1u);

    ::kill(app.server.pid(), SIGTERM);
    BOOST_TEST(app.server.shell().wait_exit().value_or(-1) == 0);
    dictionary_store store(app.saved / "words.db");   // the copy the namespace's shell made on the way out
    std::size_t intact = 0;
    for (const auto& [word, text] : stored) {
        auto found = store.lookup(word);
        BOOST_TEST((found && found->explanation == text), word << " lost or changed");
        intact += found && found->explanation == text;
    }
    BOOST_TEST(intact == stored.size());
    BOOST_TEST(!store.lookup(last));
    BOOST_TEST(!store.lookup("late0"));
    BOOST_TEST(store.lookup("hello").has_value());   // the sample word book, from the first start
}

// A word book too large for the disk: a clear message and exit status 1, not a crash.
BOOST_AUTO_TEST_CASE(an_import_on_a_full_disk_is_a_clear_error, *boost::unit_test::precondition(namespaces_allowed)) {
    temp_directory dir;
    auto disk = dir.path() / "disk", book = dir.path() / "book.txt";
    fs::create_directories(disk);
    {
        std::ofstream out(book);
        for (int i = 0; i < 4000; ++i) out << fmt::format("entry{} {}\n", i, explanation_of(fmt::format("entry{}", i)));
    }
    auto run = run_program(on_a_small_disk(
        disk, "1m",
        fmt::format("exec {} --db {}/words.db --wordbook {} --http-port 0 --udp-port 0 --tcp-port 0 --dict-port 0 2>&1",
                    CORONET_DICTIONARY_BIN, disk.string(), book.string())));
    BOOST_TEST(run.status == 1, run.out);
    BOOST_TEST(run.out.find(fmt::format("cannot prepare the store {}/words.db: the disk is full: sqlite: ", disk.string())) !=
                   std::string::npos,
               run.out);
    BOOST_TEST(run.out.find("database or disk is full") != std::string::npos, run.out);
}
