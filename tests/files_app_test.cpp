// Black-box tests of apps/files: the real coronet-files serving a temporary directory on a
// free port, the real coronet-files-client (and a raw socket) speaking to it.
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <filesystem>
#include <optional>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <coronet/handlers/file_protocol.hpp>
#include <coronet/sha256.hpp>

#include "support/test_support.hpp"
#include "support/upload_kill_rounds.hpp"

using namespace coronet::testing;
namespace fs = std::filesystem;
namespace protocol = coronet::handlers::file_protocol;

namespace {

// A program run to its end: what it printed on stdout and stderr, and its exit status.
struct run_result {
    std::string out;
    int status = -1;
};
run_result run(std::vector<std::string> argv, const std::string& redirect = "2>&1") {
    argv.insert(argv.begin(), {"/bin/sh", "-c", "exec \"$0\" \"$@\" " + redirect});
    child_process p{argv};
    run_result r;
    r.out = p.read_all(20s);
    r.status = p.wait_exit(20s).value_or(-1);
    return r;
}

std::size_t entries(const fs::path& dir) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

// The server on a free port, serving `served` under the test's directory.
struct files_app {
    explicit files_app(std::vector<std::string> extra = {}) {
        std::vector<std::string> argv{CORONET_FILES_BIN, "--dir", served.string(), "--port", "0", "--threads", "2",
                                      "--log-level", "warn"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        process.emplace(argv);
        auto line = process->wait_for_line("tcp listening on 127.0.0.1:");
        BOOST_REQUIRE(line);
        port = port_of(*line);
    }

    // The client with `args` after --port; stdout and stderr together.
    run_result client(std::vector<std::string> args, const std::string& redirect = "2>&1") const {
        std::vector<std::string> argv{CORONET_FILES_CLIENT_BIN, "--port", std::to_string(port), "--timeout", "10"};
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv, redirect);
    }

    temp_directory dir;
    fs::path served = dir.path() / "served";   // created by the server
    std::optional<child_process> process;
    std::uint16_t port = 0;
};

std::string random_bytes(std::size_t n) {
    std::mt19937_64 random{20261122};
    std::string s(n, '\0');
    for (std::size_t i = 0; i + 8 <= n; i += 8) {
        auto v = random();
        std::memcpy(s.data() + i, &v, 8);
    }
    return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(help_names_every_flag_and_bad_flags_are_refused) {
    auto help = run({CORONET_FILES_BIN, "--help"});
    BOOST_TEST(help.status == 0);
    for (auto flag : {"--dir", "--max-size", "--bind", "--port", "9004", "--threads", "--log-level", "--log-file"})
        BOOST_TEST(help.out.find(flag) != std::string::npos, flag);
    BOOST_TEST(run({CORONET_FILES_BIN, "--port", "70000"}).status == 2);
    BOOST_TEST(run({CORONET_FILES_BIN, "--max-size", "12Q"}).status == 2);
    temp_directory dir;
    BOOST_TEST(run({CORONET_FILES_BIN, "--dir", (dir.path() / "no" / "such").string(), "--port", "0"}).status == 1);

    auto client_help = run({CORONET_FILES_CLIENT_BIN, "--help"});
    BOOST_TEST(client_help.status == 0);
    for (auto word : {"put FILE [NAME]", "get NAME [DEST]", "list", "--host", "--port", "--timeout"})
        BOOST_TEST(client_help.out.find(word) != std::string::npos, word);
    BOOST_TEST(run({CORONET_FILES_CLIENT_BIN, "frobnicate"}).status == 2);
    BOOST_TEST(run({CORONET_FILES_CLIENT_BIN}).status == 2);
    BOOST_TEST(run({CORONET_FILES_CLIENT_BIN, "put"}).status == 2);
}

BOOST_AUTO_TEST_CASE(text_and_binary_files_make_the_round_trip) {
    files_app app;
    std::string text = "第一行 hello\r\nline two\n\tno final newline";
    std::string every_byte;
    for (int b = 0; b < 256; ++b) every_byte.push_back(static_cast<char>(b));
    write_file(app.dir.path() / "notes.txt", text);
    write_file(app.dir.path() / "bytes.bin", every_byte);

    auto put_text = app.client({"put", (app.dir.path() / "notes.txt").string()});
    BOOST_TEST(put_text.status == 0, put_text.out);
    BOOST_TEST(put_text.out.find(coronet::sha256_hex(text)) != std::string::npos, put_text.out);
    auto put_bytes = app.client({"put", (app.dir.path() / "bytes.bin").string(), "all 256 bytes.bin"});
    BOOST_TEST(put_bytes.status == 0, put_bytes.out);
    BOOST_TEST(read_file(app.served / "notes.txt") == text);
    BOOST_TEST(read_file(app.served / "all 256 bytes.bin") == every_byte);

    fs::create_directory(app.dir.path() / "down");
    BOOST_TEST(app.client({"get", "notes.txt", (app.dir.path() / "down").string()}).status == 0);   // into a directory
    BOOST_TEST(app.client({"get", "all 256 bytes.bin", (app.dir.path() / "down" / "b.bin").string()}).status == 0);
    BOOST_TEST(read_file(app.dir.path() / "down" / "notes.txt") == text);
    BOOST_TEST(read_file(app.dir.path() / "down" / "b.bin") == every_byte);
    BOOST_TEST(entries(app.dir.path() / "down") == 2u);   // no temporary file left

    auto listing = app.client({"list"});
    BOOST_TEST(listing.status == 0);
    BOOST_TEST(listing.out == fmt::format("{:>14} all 256 bytes.bin\n{:>14} notes.txt\n", 256, text.size()), listing.out);
}

BOOST_AUTO_TEST_CASE(a_large_random_file_arrives_whole) {
    files_app app;
    auto content = random_bytes(24 << 20);
    auto digest = coronet::sha256_hex(content);
    write_file(app.dir.path() / "big.bin", content);
    auto put = app.client({"put", (app.dir.path() / "big.bin").string()});
    BOOST_TEST(put.status == 0, put.out);
    BOOST_TEST(put.out == fmt::format("stored big.bin ({} bytes, sha256 {})\n", content.size(), digest));
    auto get = app.client({"get", "big.bin", (app.dir.path() / "copy.bin").string()});
    BOOST_TEST(get.status == 0, get.out);
    BOOST_TEST((fs::file_size(app.dir.path() / "copy.bin") == content.size()));
    BOOST_TEST(coronet::sha256_hex(read_file(app.dir.path() / "copy.bin")) == digest);
    BOOST_TEST(entries(app.served) == 1u);
}

BOOST_AUTO_TEST_CASE(names_that_leave_the_directory_or_are_odd_are_refused) {
    files_app app;
    write_file(app.dir.path() / "x", "payload");
    for (auto name : {"../escape", "/tmp/absolute", "..", ".", ".hidden", "sub/dir", "tab\there", " lead"}) {
        auto put = app.client({"put", (app.dir.path() / "x").string(), name});
        BOOST_TEST(put.status == 1, name);
        BOOST_TEST(put.out.find("bad-name") != std::string::npos, put.out);
    }
    auto get = app.client({"get", "../x", (app.dir.path() / "got").string()});
    BOOST_TEST(get.status == 1);
    BOOST_TEST(get.out.find("bad-name") != std::string::npos, get.out);
    BOOST_TEST(entries(app.served) == 0u);
    BOOST_TEST(!fs::exists(app.dir.path() / "escape"));
    BOOST_TEST(!fs::exists(app.dir.path() / "got"));
}

BOOST_AUTO_TEST_CASE(a_corrupted_upload_leaves_no_file_and_no_temporary_file) {
    files_app app;
    std::string content = random_bytes(200000);
    {   // every byte, but not the announced digest
        tcp_client c{app.port};
        c.send(protocol::format_put(content.size(), coronet::sha256_hex("something else"), "wrong.bin") + content);
        auto reply = c.receive(10s, [](std::string_view got) { return got.find("ERR") != std::string_view::npos && got.ends_with("\n"); });
        BOOST_TEST(reply.starts_with("CONTINUE\nERR digest-mismatch "), reply);
        BOOST_TEST(entries(app.served) == 0u);
    }
    {   // fewer bytes than announced, then the connection closed
        tcp_client c{app.port};
        c.send(protocol::format_put(content.size(), coronet::sha256_hex(content), "short.bin") + content.substr(0, 70000));
        BOOST_TEST(c.receive(10s, [](std::string_view got) { return got.ends_with("\n"); }) == "CONTINUE\n");
        BOOST_TEST(wait_until([&] { return entries(app.served) == 1u; }));   // the temporary file, receiving
        c.close();
    }
    BOOST_TEST(wait_until([&] { return entries(app.served) == 0u; }));
    BOOST_TEST(!fs::exists(app.served / "short.bin"));
    // The server goes on serving.
    BOOST_TEST(app.client({"list"}).status == 0);
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_a_clear_error_and_nothing_is_written) {
    files_app app;
    fs::create_directory(app.dir.path() / "down");
    auto get = app.client({"get", "nothing-here.txt", (app.dir.path() / "down").string()});
    BOOST_TEST(get.status == 1);
    BOOST_TEST(get.out == "coronet-files-client: not-found: no file named nothing-here.txt\n", get.out);
    BOOST_TEST(entries(app.dir.path() / "down") == 0u);
}

BOOST_AUTO_TEST_CASE(an_upload_over_the_size_limit_is_refused) {
    files_app app{{"--max-size", "1K"}};
    write_file(app.dir.path() / "big", std::string(1025, 'b'));
    write_file(app.dir.path() / "fits", std::string(1024, 'f'));
    auto refused = app.client({"put", (app.dir.path() / "big").string()});
    BOOST_TEST(refused.status == 1);
    BOOST_TEST(refused.out.find("too-large: 1025 bytes is over this server's limit of 1024 bytes") != std::string::npos, refused.out);
    BOOST_TEST(app.client({"put", (app.dir.path() / "fits").string()}).status == 0);
    BOOST_TEST(entries(app.served) == 1u);
}

BOOST_AUTO_TEST_CASE(no_progress_bar_when_stderr_is_not_a_terminal) {
    files_app app;
    write_file(app.dir.path() / "f.bin", random_bytes(3 << 20));
    auto stderr_file = app.dir.path() / "stderr.txt";
    auto put = app.client({"put", (app.dir.path() / "f.bin").string()}, "2>" + stderr_file.string());
    BOOST_TEST(put.status == 0);
    BOOST_TEST(put.out.starts_with("stored f.bin "), put.out);
    auto get = app.client({"get", "f.bin", (app.dir.path() / "g.bin").string()}, "2>>" + stderr_file.string());
    BOOST_TEST(get.status == 0);
    BOOST_TEST(read_file(stderr_file) == "");
}

#ifdef CORONET_SCRIPT_BIN
// On a terminal (script(1) gives the client a pseudo-terminal) the bar shows bytes, rate and the end.
BOOST_AUTO_TEST_CASE(a_progress_bar_on_a_terminal) {
    files_app app;
    write_file(app.dir.path() / "f.bin", random_bytes(3 << 20));
    auto command = fmt::format("{} --port {} put {}", CORONET_FILES_CLIENT_BIN, app.port, (app.dir.path() / "f.bin").string());
    auto shown = run({CORONET_SCRIPT_BIN, "-qec", command, "/dev/null"});
    BOOST_TEST(shown.status == 0, shown.out);
    BOOST_TEST(shown.out.find("\rput f.bin [##############################] 100%  3.0 MiB / 3.0 MiB  ") != std::string::npos, shown.out);
    BOOST_TEST(shown.out.find("/s") != std::string::npos, shown.out);
    BOOST_TEST(shown.out.find("stored f.bin") != std::string::npos, shown.out);
}
#endif

#ifdef CORONET_UNSHARE_BIN
// A full disk: the server in a mount namespace of its own, serving a 1 MiB tmpfs. An upload
// that does not fit is refused before its bytes are sent, with a clear error, logged once;
// what fits is stored. Left out where unprivileged namespaces are not allowed.
BOOST_AUTO_TEST_CASE(a_full_disk_is_a_clear_error) {
    temp_directory dir;
    auto served = dir.path() / "served", log = dir.path() / "server.log";
    fs::create_directory(served);
    auto probe = run({CORONET_UNSHARE_BIN, "-rm", "sh", "-c", fmt::format("mount -t tmpfs -o size=1m none {}", served.string())});
    if (probe.status != 0) {
        BOOST_TEST_MESSAGE("no mount namespace here (" << probe.out << "): the case is left out");
        return;
    }
    child_process server{{CORONET_UNSHARE_BIN, "-rm", "sh", "-c",
                          fmt::format("mount -t tmpfs -o size=1m none {0} && exec {1} --dir {0} --port 0 --log-file {2}",
                                      served.string(), CORONET_FILES_BIN, log.string())}};
    auto line = server.wait_for_line("tcp listening on 127.0.0.1:");
    BOOST_REQUIRE(line);
    auto client = [&](std::vector<std::string> args) {
        std::vector<std::string> argv{CORONET_FILES_CLIENT_BIN, "--port", std::to_string(port_of(*line))};
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv);
    };
    write_file(dir.path() / "fits", random_bytes(600 << 10));
    BOOST_TEST(client({"put", (dir.path() / "fits").string()}).status == 0);
    auto full = client({"put", (dir.path() / "fits").string(), "again"});
    BOOST_TEST(full.status == 1);
    BOOST_TEST(full.out.find("no-space: the server's disk is full") != std::string::npos, full.out);
    BOOST_TEST(client({"list"}).out == fmt::format("{:>14} fits\n", 600 << 10));
    auto logged = read_file(log);
    BOOST_TEST(logged.find("no-space") != std::string::npos, logged);
    BOOST_TEST(logged.find("no-space") == logged.rfind("no-space"), logged);   // once
    server.signal(SIGTERM);
    BOOST_TEST(server.wait_exit().value_or(-1) == 0);
}
#endif

// Three clients stream uploads at the real server, each replacing one of a few names of its
// own, and the server is killed with SIGKILL at a random moment; then it is started again on the
// same directory. N rounds (CORONET_KILL_ROUNDS, 5 in the suite). After each restart: every
// upload the server acknowledged (OK) is there with exactly its bytes, each upload in flight is
// there whole or not at all (the old file, when it replaced one), nothing else is in the
// directory (the restarted server removed the temporary files the kill left, and logged how
// many), and LIST shows exactly these files.
BOOST_AUTO_TEST_CASE(acknowledged_uploads_survive_sigkill) {
    temp_directory dir;
    auto served = dir.path() / "served";
    upload_kill_rounds kills(served, dir.path(), ".coronet-part-");
    for (int start = 0; start < kills.starts(); ++start) {
        child_process server{{CORONET_FILES_BIN, "--dir", served.string(), "--port", "0", "--threads", "2", "--log-file",
                              kills.log_for(start).string()}};
        auto line = server.wait_for_line("tcp listening on 127.0.0.1:");
        BOOST_TEST_REQUIRE(line.has_value());
        auto port = port_of(*line);
        kills.check_after_start(start);
        std::string listing;
        for (const auto& [name, file] : kills.files()) listing += fmt::format("{} {}\n", file.size, name);
        tcp_client lister{port};
        lister.send(protocol::format_list());
        auto head = protocol::format_ok(listing.size());
        BOOST_TEST(lister.receive(5s, [&](std::string_view got) { return got.size() >= head.size() + listing.size(); }) == head + listing);
        if (kills.last(start)) {
            server.signal(SIGTERM);
            BOOST_TEST(server.wait_exit().value_or(-1) == 0);
            break;
        }
        kills.kill_during_uploads(server, port, start, [](tcp_client& c, const std::string& name, const std::string& content) {
            auto line_end = [](std::string_view got) { return got.ends_with("\n"); };
            auto digest = coronet::sha256_hex(content);
            c.send(protocol::format_put(content.size(), digest, name));
            if (c.receive(20s, line_end) != "CONTINUE\n") return false;
            c.send(content);
            return c.receive(20s, line_end) == protocol::format_ok(content.size(), digest);   // after an fsync
        });
    }
}

BOOST_AUTO_TEST_CASE(sigterm_stops_the_server) {
    files_app app;
    app.process->signal(SIGTERM);
    BOOST_TEST(app.process->wait_exit().value_or(-1) == 0);
}
