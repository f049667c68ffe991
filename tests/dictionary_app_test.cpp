// Black-box tests of apps/dictionary: the real coronet-dictionary, started on free ports with a
// store in a temporary directory, spoken to over UDP, TCP and HTTP (and by the seeds' Python
// UDP client, and by coronet-dict), then stopped with a signal.
#include <boost/test/unit_test.hpp>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include <coronet/handlers/dictionary_udp.hpp>
#include <coronet/utf8.hpp>

#include "dictionary_app_ports.hpp"
#include "support/test_support.hpp"

using namespace coronet::testing;
using coronet::handlers::truncated_marker;

namespace {

// The app on free ports, serving the store `db` (the sample word book on its first run).
struct dictionary_app {
    explicit dictionary_app(const std::filesystem::path& db, std::vector<std::string> extra = {}) {
        std::vector<std::string> argv{CORONET_DICTIONARY_BIN, "--db", db.string(), "--http-port", "0", "--udp-port", "0",
                                      "--tcp-port", "0", "--dict-port", "0", "--threads", "2", "--token", "secret",
                                      "--log-level", "warn"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        process.emplace(argv);
        auto ports = read_dictionary_ports(*process);
        BOOST_REQUIRE(ports);
        http = ports->http;
        udp = ports->udp;
        tcp = ports->tcp;
        dict = ports->dict;
    }

    std::string ask_udp(std::string_view word) const { return udp_exchange(udp, word).value_or("(no reply)"); }

    // One request line, its whole answer ("STATUS SIZE\n" + body).
    std::string ask_tcp(std::string_view line) const {
        tcp_client c{tcp};
        c.send(std::string(line) + "\n");
        return c.receive(5s, [](std::string_view got) {
            auto newline = got.find('\n');
            if (newline == std::string_view::npos) return false;
            auto size = std::stoul(std::string(got.substr(got.find(' ') + 1, newline)));
            return got.size() >= newline + 1 + size;
        });
    }

    http_reply http_request(std::string_view method, std::string_view target, std::string_view body = {}) const {
        tcp_client c{http};
        c.send(fmt::format("{} {} HTTP/1.1\r\nHost: t\r\nAccept: application/json\r\nAuthorization: Bearer secret\r\n"
                           "Content-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\r\n{}",
                           method, target, body.size(), body));
        return parse_http_reply(c.receive_http_response());
    }

    // One DICT command after the banner: everything up to its final status line.
    std::string ask_dict(std::string_view command) const {
        tcp_client c{dict};
        auto banner = c.receive(5s, [](std::string_view got) { return got.find("\r\n") != std::string_view::npos; });
        c.send(std::string(command) + "\r\n");
        return c.receive(5s, [](std::string_view got) {
            for (auto code : {"\r\n250 ", "\r\n552 ", "\r\n5", "\r\n4"})
                if (got.find(code) != std::string_view::npos && got.ends_with("\r\n")) return true;
            return got.starts_with("5") && got.ends_with("\r\n");
        });
    }

    std::optional<child_process> process;
    std::uint16_t http = 0, udp = 0, tcp = 0, dict = 0;
};

std::string tcp_answer(std::string_view status, std::string_view body) {
    return fmt::format("{} {}\n{}", status, body.size(), body);
}

const std::string hello_explanation = "int. 你好；喂（用于问候、打招呼或打电话） n. 问候";

}  // namespace

BOOST_AUTO_TEST_CASE(help_names_every_flag_and_bad_flags_are_refused) {
    auto help = run_program({CORONET_DICTIONARY_BIN, "--help"});
    BOOST_TEST(help.status == 0);
    for (auto flag : {"--bind", "--http-port", "--udp-port", "--tcp-port", "--dict-port", "--db", "--wordbook", "--token",
                      "--threads", "coronet-dictionary.db"})
        BOOST_TEST(help.out.find(flag) != std::string::npos, flag);
    temp_directory dir;
    auto db = (dir.path() / "words.db").string();
    BOOST_TEST(run_program({CORONET_DICTIONARY_BIN, "--db", db, "--udp-port", "70000"}).status == 2);
    BOOST_TEST(run_program({CORONET_DICTIONARY_BIN, "--db", db, "--udp-port", "-1"}).status == 2);
    BOOST_TEST(run_program({CORONET_DICTIONARY_BIN, "--db", db, "--http-port", "off", "--udp-port", "off", "--tcp-port", "off",
                    "--dict-port", "off"})
                   .status == 2);
    BOOST_TEST(run_program({CORONET_DICTIONARY_BIN, "--db", (dir.path() / "no" / "such" / "dir.db").string()}).status == 1);
    auto missing = (dir.path() / "missing.txt").string();
    BOOST_TEST(run_program({CORONET_DICTIONARY_BIN, "--db", db, "--wordbook", missing}).status == 1);
}

BOOST_AUTO_TEST_CASE(udp_answers_hits_misses_and_bad_requests) {
    temp_directory dir;
    dictionary_app app{dir.path() / "words.db"};
    BOOST_TEST(app.ask_udp("hello") == "hello: " + hello_explanation);
    BOOST_TEST(app.ask_udp("HELLO") == "hello: " + hello_explanation);
    BOOST_TEST(app.ask_udp("helo").starts_with("not found: helo; did you mean: hello"));
    BOOST_TEST(app.ask_udp("\xc3\x28") == "error: the word is not valid UTF-8");
    BOOST_TEST(app.ask_udp(std::string(300, 'a')) == "error: the word is over 256 bytes");
    auto set = app.ask_udp("set");   // a 1.3 KB explanation
    BOOST_TEST(set.size() <= 1024u);
    BOOST_TEST(coronet::is_valid_utf8(set));
    BOOST_TEST(set.starts_with("set: v. "));
    BOOST_TEST(set.ends_with(truncated_marker));
    app.process->signal(SIGTERM);
    BOOST_TEST(app.process->wait_exit().value_or(-1) == 0);
}

// A flood of garbage and oversize datagrams (random bytes, so mostly invalid UTF-8; one in eight
// 60,000 bytes) from three sockets at once: lookups are still answered while it lasts (a UDP
// client retries, as the seeds' does), at once when it ends, and the server stops cleanly.
BOOST_AUTO_TEST_CASE(a_udp_flood_of_garbage_and_oversize_datagrams_leaves_lookups_answered) {
    temp_directory dir;
    dictionary_app app{dir.path() / "words.db"};
    const std::string answer = "hello: " + hello_explanation;
    std::mt19937 random{2026};
    std::vector<std::string> junk;
    for (int i = 0; i < 64; ++i) {
        std::string datagram(i % 8 == 0 ? 60'000 : 1 + random() % 512, '\0');
        for (auto& c : datagram) c = static_cast<char>(random());
        junk.push_back(std::move(datagram));
    }
    std::atomic<bool> flooding{true};
    std::atomic<std::size_t> sent{0};
    std::vector<std::thread> flooders;
    for (int t = 0; t < 3; ++t)
        flooders.emplace_back([&, t] {
            int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            sockaddr_in to{};
            to.sin_family = AF_INET;
            to.sin_port = htons(app.udp);
            to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            for (std::size_t n = t; flooding && n < 300'000; ++n) {
                const auto& datagram = junk[n % junk.size()];
                if (::sendto(fd, datagram.data(), datagram.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) >= 0) ++sent;
            }
            ::close(fd);
        });
    BOOST_TEST(wait_until([&] { return sent > 10'000; }, 10s));
    bool answered_during = wait_until([&] { return udp_exchange(app.udp, "hello", 200ms) == answer; }, 10s);
    std::size_t sent_before_answer = sent;
    flooding = false;
    for (auto& f : flooders) f.join();
    BOOST_TEST(answered_during);
    BOOST_TEST_MESSAGE(sent_before_answer << " flood datagrams sent before a lookup was answered, " << sent << " in all");
    BOOST_TEST(app.ask_udp("hello") == answer);
    BOOST_TEST(app.ask_udp("\xc3\x28") == "error: the word is not valid UTF-8");
    app.process->signal(SIGTERM);
    BOOST_TEST(app.process->wait_exit().value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(tcp_answers_pipelined_lines_in_order) {
    temp_directory dir;
    dictionary_app app{dir.path() / "words.db"};
    BOOST_TEST(app.ask_tcp("hello") == tcp_answer("found", "hello\n" + hello_explanation + "\n"));
    BOOST_TEST(app.ask_tcp("Hello") == tcp_answer("found", "hello\n" + hello_explanation + "\n"));
    BOOST_TEST(app.ask_tcp("\xff") == tcp_answer("error", "the word is not valid UTF-8\n"));
    // Three requests in one segment, three answers in order; "set" comes whole over TCP.
    tcp_client c{app.tcp};
    c.send("helo\nset\nHELLO\n");
    auto last = tcp_answer("found", "hello\n" + hello_explanation + "\n");
    auto text = c.receive(5s, [&](std::string_view got) { return got.ends_with(last); });
    BOOST_TEST(text.starts_with("not-found "));
    BOOST_TEST(text.find("\nhelo\nhello\n") != std::string::npos);
    auto first_body = text.find('\n') + 1;
    auto set_at = first_body + std::stoul(text.substr(text.find(' ') + 1));
    BOOST_REQUIRE(text.substr(set_at).starts_with("found "));
    auto set_size = std::stoul(text.substr(set_at + 6));
    BOOST_TEST(set_size > 1024u);
    BOOST_TEST(text.ends_with(last));
}

BOOST_AUTO_TEST_CASE(http_serves_the_same_store) {
    temp_directory dir;
    dictionary_app app{dir.path() / "words.db"};
    auto hit = app.http_request("GET", "/words/HELLO");
    BOOST_TEST(hit.status == 200u);
    BOOST_TEST(hit.body.find("\"word\":\"hello\"") != std::string::npos, hit.body);
    auto miss = app.http_request("GET", "/words/helo");
    BOOST_TEST(miss.status == 404u);
    BOOST_TEST(miss.body.find("\"suggestions\":[\"hello\"") != std::string::npos, miss.body);
    BOOST_TEST(app.http_request("GET", "/words/%FF").status == 400u);
}

BOOST_AUTO_TEST_CASE(a_put_over_http_shows_over_udp_and_tcp_and_survives_a_restart) {
    temp_directory dir;
    auto db = dir.path() / "words.db";
    {
        dictionary_app app{db};
        BOOST_TEST(app.ask_udp("你好") == "not found: 你好");
        BOOST_TEST(app.http_request("PUT", "/words/%E4%BD%A0%E5%A5%BD", "int. hello (在中文里)").status == 201u);
        BOOST_TEST(app.http_request("PUT", "/words/hello", "int. 喂").status == 200u);
        BOOST_TEST(app.ask_udp("你好") == "你好: int. hello (在中文里)");
        BOOST_TEST(app.ask_tcp("你好") == tcp_answer("found", "你好\nint. hello (在中文里)\n"));
        BOOST_TEST(app.ask_udp("Hello") == "hello: int. 喂");
        BOOST_TEST(app.ask_tcp("hello") == tcp_answer("found", "hello\nint. 喂\n"));
        BOOST_TEST(app.ask_dict("DEFINE * \"你好\"").find("\r\nint. hello (在中文里)\r\n.\r\n250 ") != std::string::npos);
        app.process->signal(SIGINT);
        BOOST_TEST(app.process->wait_exit().value_or(-1) == 0);
    }
    // The store is not empty any more: the sample book is not imported over the change.
    dictionary_app again{db};
    BOOST_TEST(again.ask_udp("hello") == "hello: int. 喂");
    BOOST_TEST(again.ask_udp("你好") == "你好: int. hello (在中文里)");
}

#ifdef CORONET_DICT_CLIENT_BIN
// The stock `dict` client against the app: a hit prints the definition (exit 0), a miss
// prints suggestions (exit 21), and the database list names the store.
BOOST_AUTO_TEST_CASE(the_stock_dict_client_looks_up_over_dict) {
    temp_directory dir;
    dictionary_app app{dir.path() / "words.db", {"--name", "sample", "--description", "the sample word book"}};
    auto config = dir.path() / "dict.conf";   // only this server: the system's names public ones
    std::ofstream(config) << "server 127.0.0.1 { port " << app.dict << " }\n";
    auto dict = [&](std::vector<std::string> args) {
        std::vector<std::string> argv{"/bin/sh", "-c", "exec \"$0\" \"$@\" 2>&1", CORONET_DICT_CLIENT_BIN, "-c",
                                      config.string(), "-h", "127.0.0.1", "-p", std::to_string(app.dict)};
        argv.insert(argv.end(), args.begin(), args.end());
        return run_program(argv);
    };
    auto hit = dict({"hello"});
    BOOST_TEST(hit.status == 0);
    BOOST_TEST(hit.out.find(hello_explanation) != std::string::npos, hit.out);
    BOOST_TEST(hit.out.find("From the sample word book [sample]") != std::string::npos, hit.out);
    auto miss = dict({"helo"});
    BOOST_TEST(miss.status == 21);
    BOOST_TEST(miss.out.find("hello") != std::string::npos, miss.out);
    auto databases = dict({"-D"});
    BOOST_TEST(databases.status == 0);
    BOOST_TEST(databases.out.find("sample") != std::string::npos, databases.out);
    auto prefix = dict({"-m", "-s", "prefix", "zo"});
    BOOST_TEST(prefix.out.find("zoo") != std::string::npos, prefix.out);
}
#endif

BOOST_AUTO_TEST_CASE(bad_dict_commands_get_500_and_501) {
    temp_directory dir;
    dictionary_app app{dir.path() / "words.db"};
    BOOST_TEST(app.ask_dict("FROBNICATE").starts_with("500 "));
    BOOST_TEST(app.ask_dict("DEFINE").starts_with("501 "));
    BOOST_TEST(app.ask_dict("DEFINE nosuchdb hello").starts_with("550 "));
    BOOST_TEST(app.ask_dict(std::string(2000, 'x')).starts_with("500 "));
}

BOOST_AUTO_TEST_CASE(a_word_book_given_is_imported) {
    temp_directory dir;
    auto book = dir.path() / "book.txt";
    std::ofstream(book) << "coroutine   n. 协程\nhello  int. 哈喽\n \n";
    dictionary_app app{dir.path() / "words.db", {"--wordbook", book.string()}};
    BOOST_TEST(app.ask_udp("coroutine") == "coroutine: n. 协程");
    BOOST_TEST(app.ask_udp("hello") == "hello: int. 哈喽");
    BOOST_TEST(app.ask_udp("set") == "not found: set");   // the sample book was not imported
}

BOOST_AUTO_TEST_CASE(listeners_can_be_turned_off) {
    temp_directory dir;
    child_process app{{CORONET_DICTIONARY_BIN, "--db", (dir.path() / "words.db").string(), "--http-port", "off",
                       "--udp-port", "0", "--tcp-port", "off", "--dict-port", "off", "--log-level", "warn"}};
    auto line = app.wait_for_line("udp listening on 127.0.0.1:");
    BOOST_REQUIRE(line);
    BOOST_TEST(udp_exchange(port_of(*line), "hello").value_or("") == "hello: " + hello_explanation);
    app.signal(SIGTERM);
    BOOST_TEST(app.wait_exit().value_or(-1) == 0);
    BOOST_TEST(app.read_all(1s).find("listening") == std::string::npos);   // no other listener
}

BOOST_AUTO_TEST_CASE(the_seeds_python_udp_client_works_as_is) {
#ifndef CORONET_PYTHON3_BIN
    BOOST_TEST_MESSAGE("python3 not found: the seeds' client is not run");
#else
    temp_directory dir;
    dictionary_app app{dir.path() / "words.db"};
    // The seeds' UDP client (001, 1.2.2), with the port from argv and a timeout added so the
    // test is bounded.
    auto client = dir.path() / "client.py";
    std::ofstream(client) << R"(from socket import *
import sys
sockfd = socket(AF_INET, SOCK_DGRAM)
sockfd.settimeout(5)
ADDR = ("127.0.0.1", int(sys.argv[1]))
while True:
    msg = input("Msg>>> ")
    if not msg:
        break
    sockfd.sendto(msg.encode(), ADDR)
    data, addr = sockfd.recvfrom(1024)
    print("Response: ", data.decode())
sockfd.close()
)";
    auto r = run_program({"/bin/sh", "-c",
                          fmt::format("printf 'hello\\nset\\nrun\\nget\\nHELO\\n\\n' | PYTHONIOENCODING=utf-8 {} {} {}",
                                      CORONET_PYTHON3_BIN, client.string(), app.udp)});
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(r.out.find("Response:  hello: " + hello_explanation + "\n") != std::string::npos, r.out);
    for (auto word : {"set", "run", "get"}) {   // each over 1 KiB: cut, marked, decodable
        auto at = r.out.find(fmt::format("Response:  {}: ", word));
        BOOST_TEST(at != std::string::npos, word);
        BOOST_TEST(r.out.find(std::string(truncated_marker) + "\n", at) != std::string::npos, word);
    }
    BOOST_TEST(r.out.find("Response:  not found: HELO; did you mean: hello") != std::string::npos, r.out);
#endif
}

BOOST_AUTO_TEST_CASE(coronet_dict_looks_up_over_each_protocol) {
    temp_directory dir;
    dictionary_app app{dir.path() / "words.db"};
    struct protocol {
        std::string via;
        std::uint16_t port;
    };
    for (const auto& p : {protocol{"udp", app.udp}, protocol{"tcp", app.tcp}, protocol{"http", app.http}}) {
        BOOST_TEST_CONTEXT("--via " << p.via) {
            std::vector<std::string> base{CORONET_DICT_BIN, "--via", p.via, "--port", std::to_string(p.port)};
            auto with = [&](std::vector<std::string> more) {
                auto argv = base;
                argv.insert(argv.end(), more.begin(), more.end());
                return run_program(argv);
            };
            auto hit = with({"lookup", "HELLO"});
            BOOST_TEST(hit.status == 0);
            BOOST_TEST(hit.out == "hello: " + hello_explanation + "\n");
            auto miss = with({"lookup", "helo"});
            BOOST_TEST(miss.status == 1);
            BOOST_TEST(miss.out.starts_with("not found: helo; did you mean: hello, "));
            auto bad = with({"lookup", "\xff"});
            BOOST_TEST(bad.status == 2);
            auto set = with({"lookup", "set"});
            BOOST_TEST(set.status == 0);
            BOOST_TEST(set.out.starts_with("set: v. "));
            BOOST_TEST(set.out.ends_with(std::string(truncated_marker) + "\n") == (p.via == "udp"));   // whole over TCP and HTTP
        }
    }
    // The prompt, fed from a pipe: one answer a line, over one TCP connection.
    auto prompt = run_program(
        {"/bin/sh", "-c", fmt::format("printf 'hello\\nhelo\\n' | {} --via tcp --port {}", CORONET_DICT_BIN, app.tcp)});
    BOOST_TEST(prompt.status == 0);
    BOOST_TEST(prompt.out.starts_with("hello: " + hello_explanation + "\nnot found: helo; did you mean: hello"), prompt.out);
    // Nobody there: a clear failure within the timeout, not a hang.
    app.process->signal(SIGTERM);
    BOOST_TEST(app.process->wait_exit().value_or(-1) == 0);
    auto gone = run_program(
        {CORONET_DICT_BIN, "--via", "udp", "--port", std::to_string(app.udp), "--timeout", "1", "lookup", "hello"});
    BOOST_TEST(gone.status == 2);
}
