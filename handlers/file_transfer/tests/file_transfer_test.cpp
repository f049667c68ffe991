// The handler over loopback, spoken to by the client calls and by a raw socket.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>


#include <coronet/handlers/file_transfer_client.hpp>
#include <coronet/handlers/file_transfer_server.hpp>
#include <coronet/sha256.hpp>

#include "support/test_support.hpp"

using namespace coronet;
using namespace coronet::handlers;
using namespace coronet::testing;
using file_protocol::status_code;
namespace fs = std::filesystem;

namespace {

// The handler serving a fresh directory "served" (beside which the tests keep their own files).
struct file_server {
    explicit file_server(std::uint64_t max_file_bytes = 1 << 20) {
        fs::create_directory(served);
        server = std::make_unique<tcp::server>(
            rt, tcp::server_options{},
            file_transfer_handler({.directory = served, .max_file_bytes = max_file_bytes, .chunk_bytes = 4096, .log = &logged.log}));
        running = std::make_unique<background_runtime>(rt);
    }
    ~file_server() { running.reset(); }

    file_client_options client() const { return {.host = "127.0.0.1", .port = server->port(), .timeout = 5s}; }
    // How many entries the served directory holds (temporary files included).
    std::size_t entries() const {
        return static_cast<std::size_t>(std::distance(fs::directory_iterator(served), fs::directory_iterator()));
    }

    temp_directory dir;
    fs::path served = dir.path() / "served";
    captured_log logged;
    runtime rt{{.threads = 2, .handle_signals = false}};
    std::unique_ptr<tcp::server> server;
    std::unique_ptr<background_runtime> running;
};

std::string every_byte_value(std::size_t repeat) {
    std::string s;
    for (std::size_t r = 0; r < repeat; ++r)
        for (int b = 0; b < 256; ++b) s.push_back(static_cast<char>(b));
    return s;
}

template <class F>
status_code refusal(F&& f) {
    try {
        f();
    } catch (const file_transfer_refused& e) {
        return e.code();
    }
    BOOST_FAIL("not refused");
    return status_code::bad_request;
}

}  // namespace

BOOST_AUTO_TEST_CASE(upload_download_and_list_round_trip) {
    file_server s;
    auto content = every_byte_value(100);   // 25,600 bytes: several chunks of 4096
    write_file(s.dir.path() / "local.bin", content);
    std::uint64_t last_sent = 0;
    auto up = upload_file(s.client(), s.dir.path() / "local.bin", "数据 1.bin",
                          [&](std::uint64_t done, std::uint64_t total) { last_sent = done == total ? done : last_sent; });
    BOOST_TEST(up.size == content.size());
    BOOST_TEST(up.sha256 == sha256_hex(content));
    BOOST_TEST(last_sent == content.size());
    BOOST_TEST(read_file(s.served / "数据 1.bin") == content);

    auto down = download_file(s.client(), "数据 1.bin", s.dir.path() / "back.bin");
    BOOST_TEST(down.sha256 == up.sha256);
    BOOST_TEST(read_file(s.dir.path() / "back.bin") == content);

    write_file(s.dir.path() / "empty", "");
    upload_file(s.client(), s.dir.path() / "empty", "empty");
    auto files = list_files(s.client());
    BOOST_REQUIRE(files.size() == 2u);
    BOOST_TEST(files[0].name == "empty");
    BOOST_TEST(files[0].size == 0u);
    BOOST_TEST(files[1].name == "数据 1.bin");
    BOOST_TEST(files[1].size == content.size());
    BOOST_TEST(s.entries() == 2u);
}

BOOST_AUTO_TEST_CASE(an_upload_replaces_a_file_of_the_same_name) {
    file_server s;
    write_file(s.dir.path() / "v1", "first");
    write_file(s.dir.path() / "v2", "second version");
    upload_file(s.client(), s.dir.path() / "v1", "doc");
    upload_file(s.client(), s.dir.path() / "v2", "doc");
    BOOST_TEST(read_file(s.served / "doc") == "second version");
    BOOST_TEST(s.entries() == 1u);
}

BOOST_AUTO_TEST_CASE(bad_names_too_large_files_and_missing_files_are_refused) {
    file_server s{1000};
    write_file(s.dir.path() / "small", "x");
    write_file(s.dir.path() / "big", std::string(1001, 'b'));
    for (auto name : {"../escape", "/tmp/abs", ".hidden", "a/b", ""})
        BOOST_TEST((refusal([&] { upload_file(s.client(), s.dir.path() / "small", name); }) == status_code::bad_name), name);
    BOOST_TEST((refusal([&] { upload_file(s.client(), s.dir.path() / "big", "big"); }) == status_code::too_large));
    BOOST_TEST((refusal([&] { download_file(s.client(), "nothing", s.dir.path() / "got"); }) == status_code::not_found));
    BOOST_TEST((refusal([&] { download_file(s.client(), "../small", s.dir.path() / "got"); }) == status_code::bad_name));
    BOOST_TEST(!fs::exists(s.dir.path() / "got"));
    BOOST_TEST(!fs::exists(s.dir.path() / "escape"));
    BOOST_TEST(s.entries() == 0u);
    BOOST_TEST(s.logged.text().find("too-large") != std::string::npos, s.logged.text());
}

BOOST_AUTO_TEST_CASE(symlinks_and_directories_are_neither_served_nor_listed) {
    file_server s;
    write_file(s.dir.path() / "secret", "outside");
    fs::create_symlink(s.dir.path() / "secret", s.served / "link");
    fs::create_directory(s.served / "sub");
    BOOST_TEST((refusal([&] { download_file(s.client(), "link", s.dir.path() / "got"); }) == status_code::not_found));
    BOOST_TEST((refusal([&] { download_file(s.client(), "sub", s.dir.path() / "got"); }) == status_code::not_found));
    BOOST_TEST(list_files(s.client()).empty());
    // An upload to the link's name replaces the link; the file it pointed to is untouched.
    write_file(s.dir.path() / "new", "uploaded");
    upload_file(s.client(), s.dir.path() / "new", "link");
    BOOST_TEST(read_file(s.dir.path() / "secret") == "outside");
    BOOST_TEST(!fs::is_symlink(s.served / "link"));
    BOOST_TEST(read_file(s.served / "link") == "uploaded");
}

BOOST_AUTO_TEST_CASE(a_wrong_digest_stores_nothing_and_the_connection_goes_on) {
    file_server s;
    tcp_client c{s.server->port()};
    c.send(file_protocol::format_put(5, sha256_hex("other"), "f") + "hello");
    auto reply = c.receive(5s, [](std::string_view got) { return got.find("ERR") != std::string_view::npos && got.ends_with("\n"); });
    BOOST_TEST(reply.starts_with("CONTINUE\nERR digest-mismatch "), reply);
    BOOST_TEST(s.entries() == 0u);
    c.send("LIST\n");
    BOOST_TEST(c.receive(5s, [](std::string_view got) { return got.ends_with("\n"); }) == "OK 0\n");
}

BOOST_AUTO_TEST_CASE(an_upload_cut_short_leaves_nothing) {
    file_server s;
    {
        tcp_client c{s.server->port()};
        c.send(file_protocol::format_put(100000, sha256_hex(std::string(100000, 'x')), "cut") + std::string(30000, 'x'));
        BOOST_TEST(c.receive(5s, [](std::string_view got) { return got.ends_with("\n"); }) == "CONTINUE\n");
        BOOST_TEST(wait_until([&] { return s.entries() == 1u; }));   // the temporary file
        c.shutdown_send();
        auto reply = c.receive_all();
        BOOST_TEST(reply.starts_with("ERR size-mismatch "), reply);
    }
    BOOST_TEST(wait_until([&] { return s.entries() == 0u; }));
    {
        tcp_client c{s.server->port()};
        c.send(file_protocol::format_put(100000, sha256_hex(std::string(100000, 'x')), "reset") + std::string(30000, 'x'));
        BOOST_TEST(c.receive(5s, [](std::string_view got) { return got.ends_with("\n"); }) == "CONTINUE\n");
        c.close();
    }
    BOOST_TEST(wait_until([&] { return s.entries() == 0u; }));
    BOOST_TEST(!fs::exists(s.served / "cut"));
}

BOOST_AUTO_TEST_CASE(a_line_that_is_no_request_is_answered_then_closed) {
    file_server s;
    tcp_client c{s.server->port()};
    c.send("HELLO\n");
    auto reply = c.receive_all();
    BOOST_TEST(reply.starts_with("ERR bad-request "), reply);
    tcp_client d{s.server->port()};
    d.send(std::string(2000, 'x'));
    BOOST_TEST(d.receive_all().starts_with("ERR bad-request a request line is over 1024 bytes"));
}

BOOST_AUTO_TEST_CASE(temporary_files_of_an_earlier_run_are_removed_at_start) {
    temp_directory dir;
    write_file(dir.path() / ".coronet-part-00000000000000aa", "left by a crash");
    write_file(dir.path() / "kept", "k");
    captured_log logged;
    file_transfer_handler({.directory = dir.path(), .log = &logged.log});
    BOOST_TEST(logged.text().find("removed 1 temporary files") != std::string::npos, logged.text());
    BOOST_TEST(!fs::exists(dir.path() / ".coronet-part-00000000000000aa"));
    BOOST_TEST(fs::exists(dir.path() / "kept"));
    BOOST_CHECK_THROW(file_transfer_handler({.directory = dir.path() / "missing"}), std::system_error);
}

// The server once hashed a whole file before its first byte, so a client whose no-progress
// timeout was shorter than that hashing gave up on every large file. The digest now trails the
// bytes: the timeout is set to half of what hashing this file takes here, so the old order fails.
BOOST_AUTO_TEST_CASE(a_download_starts_before_its_file_is_hashed) {
    file_server s;
    std::string content(48 << 20, '\0');
    for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>((i * 2654435761u) >> 13);
    write_file(s.served / "big.bin", content);
    auto started = std::chrono::steady_clock::now();
    auto digest = sha256_hex(content);
    auto hashing = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    auto client = s.client();
    client.timeout = std::max(hashing / 2, std::chrono::milliseconds(50));
    BOOST_TEST_MESSAGE("hashing " << content.size() << " bytes took " << hashing.count() << " ms; client timeout "
                                  << client.timeout.count() << " ms");
    auto down = download_file(client, "big.bin", s.dir.path() / "copy.bin");
    BOOST_TEST(down.size == content.size());
    BOOST_TEST(down.sha256 == digest);
    BOOST_TEST((read_file(s.dir.path() / "copy.bin") == content));
}

// A download that breaks leaves nothing: a fake server lies about the digest, closes early
// (inside the bytes, before or inside the trailer), sends another line, or speaks revision 1.
BOOST_AUTO_TEST_CASE(a_broken_download_leaves_no_file_behind) {
    using file_protocol::format_ok;
    using file_protocol::format_trailer;
    struct fake {
        std::string reply;    // sent after the request, then the connection is closed
        std::string error;    // in what the client throws
    };
    const std::vector<fake> fakes{
        {format_ok(5) + "hello" + format_trailer(sha256_hex("other")), "not " + sha256_hex("other") + " as the server says"},
        {format_ok(5) + "hello", "closed the connection before their SHA-256 line"},
        {format_ok(5) + "hello" + "SHA256 " + sha256_hex("hello").substr(0, 10), "closed the connection before their SHA-256 line"},
        {format_ok(100000) + std::string(5000, 'x'), "after 5000 of 100000 bytes"},
        {format_ok(5) + "hello" + "SHA-256 " + sha256_hex("hello") + "\n", "line after the bytes is not"},
        {format_ok(5) + "hello" + "SHA256 " + std::string(64, 'g') + "\n", "line after the bytes is not"},
        {format_ok(5, sha256_hex("hello")) + "hello", "protocol revision 1"},
    };
    runtime rt{{.threads = 1, .handle_signals = false}};
    std::vector<std::unique_ptr<tcp::server>> servers;
    for (const auto& f : fakes)
        servers.push_back(std::make_unique<tcp::server>(rt, tcp::server_options{}, [reply = f.reply](tcp::connection& conn) -> task<void> {
            char request[256];
            co_await conn.read_some(boost::asio::buffer(request));
            co_await conn.write(boost::asio::buffer(reply));
        }));
    background_runtime running{rt};
    temp_directory dir;
    write_file(dir.path() / "keep", "old");
    for (std::size_t i = 0; i < fakes.size(); ++i) {
        std::string error = "no exception";
        try {
            download_file({.host = "127.0.0.1", .port = servers[i]->port(), .timeout = 5s}, "f", dir.path() / "keep");
        } catch (const std::runtime_error& e) {
            error = e.what();
        }
        BOOST_TEST(error.find(fakes[i].error) != std::string::npos, i << ": " << error);
        BOOST_TEST(read_file(dir.path() / "keep") == "old", i);
        BOOST_TEST(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1, i);
    }
}

// On the wire: the head, the bytes, the trailer; the connection then takes the next request.
BOOST_AUTO_TEST_CASE(a_get_sends_its_digest_after_the_bytes) {
    file_server s;
    auto content = every_byte_value(40);   // 10,240 bytes: three chunks of 4096
    write_file(s.served / "f", content);
    write_file(s.served / "empty", "");
    tcp_client c{s.server->port()};
    auto expected = "OK 10240\n" + content + file_protocol::format_trailer(sha256_hex(content));
    c.send("GET f\n");
    BOOST_TEST((c.receive(5s, [&](std::string_view got) { return got.size() >= expected.size(); }) == expected));
    c.send("GET empty\n");
    auto empty = "OK 0\n" + file_protocol::format_trailer(sha256_hex(""));
    BOOST_TEST(c.receive(5s, [&](std::string_view got) { return got.size() >= empty.size(); }) == empty);
}

BOOST_AUTO_TEST_CASE(a_silent_server_times_out_and_a_closed_port_is_a_clear_error) {
    runtime rt{{.threads = 1, .handle_signals = false}};
    tcp::server silent{rt, {}, [](tcp::connection& conn) -> task<void> {   // reads, never answers
        char buffer[256];
        while (co_await conn.read_some(boost::asio::buffer(buffer)) != 0) {
        }
    }};
    auto port = silent.port();
    background_runtime running{rt};
    auto started = std::chrono::steady_clock::now();
    BOOST_CHECK_THROW(list_files({.host = "127.0.0.1", .port = port, .timeout = 300ms}), std::runtime_error);
    BOOST_TEST((std::chrono::steady_clock::now() - started < 3s));
    try {
        list_files({.host = "127.0.0.1", .port = 1, .timeout = 1s});
        BOOST_FAIL("no exception");
    } catch (const std::runtime_error& e) {
        BOOST_TEST(std::string(e.what()).find("127.0.0.1:1") != std::string::npos, e.what());
    }
}
