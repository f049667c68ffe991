// Static files: unit cases through the router (invoke) and black-box cases over loopback,
// against a directory tree the test builds: files, a subdirectory with an index, a dotfile,
// symlinks in and out of the root, a name needing escaping, and a 3 MiB file.
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

#include <coronet/handlers/static_files.hpp>
#include <coronet/http/server.hpp>
#include <coronet/http/testing.hpp>
#include <coronet/log.hpp>

#include "file_cache.hpp"          // the module's own: the cache's limits, resolution beneath the root
#include "support/test_support.hpp"

using namespace coronet;
using namespace coronet::testing;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view hello_text = "Hello, static!\n";
constexpr std::string_view secret_text = "TOP-SECRET-CONTENT";
constexpr std::size_t big_size = 3 * 1024 * 1024;

std::string big_content() {
    std::string out(big_size, '\0');
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<char>((i * 7 + i / 251) & 0xff);
    return out;
}

// base/secret.txt lies outside the served root, base/root; every attack aims at it.
struct temp_tree {
    temp_tree() {
        fs::create_directories(root / "sub");
        fs::create_directories(root / "empty");
        fs::create_directories(base / "outside");
        write_file(base / "secret.txt", secret_text);
        write_file(base / "outside" / "secret.txt", secret_text);
        write_file(root / "hello.txt", hello_text);
        write_file(root / "style.css", "body{}");
        write_file(root / "data.json", "{}");
        write_file(root / "noext", "x");
        write_file(root / "a<b>&.txt", "escaped");
        write_file(root / "sub" / "index.html", "<h1>sub</h1>");
        write_file(root / ".secret", secret_text);
        write_file(root / "big.bin", big_content());
        write_file(root / "page.html", "<p>plain</p>");
        write_file(root / "page.html.gz", "GZDATA");
        write_file(root / "leak.txt", "plain leak");
        fs::create_symlink(base / "secret.txt", root / "leak.txt.gz");
        fs::create_symlink(base / "secret.txt", root / "escape");
        fs::create_symlink("../outside", root / "escape_dir");
        fs::create_symlink("hello.txt", root / "inner_link");
        fs::create_symlink("sub", root / "inner_dir");
        fs::create_directories(root / "deeper");
        fs::create_symlink("../hello.txt", root / "deeper" / "up_link");   // through "..", still inside
        fs::create_symlink(".secret", root / "to_dotfile");
        fs::create_symlink(base / "secret.txt", root / "empty" / "index.html");
    }

    handlers::static_files_options options() const {
        handlers::static_files_options o;
        o.root = root;
        return o;
    }

    temp_directory directory;
    fs::path base = directory.path(), root = base / "root";
};

// The read-only tree, built once for the cases that do not change it.
const temp_tree& shared_tree() {
    static temp_tree tree;
    return tree;
}

http::router mounted(handlers::static_files_options options) {
    http::router r;
    handlers::mount_static_files(r, "/static", std::move(options));
    return r;
}

struct reply {
    http::response res;
    std::string body;
    std::string_view header(std::string_view name) const { return res.headers.get(name); }
};

reply get(const http::router& r, std::string target, http::fields headers = {},
          http::method m = http::method::get) {
    reply out{http::invoke(r, {m, std::move(target), {}, std::move(headers)}), {}};
    out.body = http::read_body(out.res);
    return out;
}

http::fields with(std::string_view name, std::string value) {
    http::fields f;
    f.set(name, std::move(value));
    return f;
}

// A server on an ephemeral port serving `options` under /static, on two threads.
// `server_options.log` may name a quiet logger for a case that breaks connections on purpose.
live_http_server served(handlers::static_files_options options,
                        http::server_options server_options = live_http_server::quiet_options()) {
    return live_http_server(mounted(std::move(options)), std::move(server_options), 2);
}

// One request on its own connection; `extra` holds header lines, each ending in CRLF.
http_reply exchange(std::uint16_t port, std::string_view method, std::string_view target, std::string_view extra = {},
                    std::string_view body = {}) {
    tcp_client client(port);
    client.send(std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n" +
                std::string(extra) + "\r\n" + std::string(body));
    return parse_http_reply(client.receive_all());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(serving)

BOOST_AUTO_TEST_CASE(a_file_is_served_with_its_type_and_validators) {
    auto r = mounted(shared_tree().options());
    auto res = get(r, "/static/hello.txt");
    BOOST_TEST(res.res.status == 200u);
    BOOST_TEST(res.body == hello_text);
    BOOST_TEST(res.header("Content-Type") == "text/plain; charset=utf-8");
    BOOST_TEST(res.header("Content-Length") == std::to_string(hello_text.size()));
    BOOST_TEST(res.header("Accept-Ranges") == "bytes");
    BOOST_TEST(res.header("ETag").starts_with('"'));
    BOOST_TEST(res.header("Last-Modified").ends_with(" GMT"));
    BOOST_TEST(res.header("Cache-Control").empty());
}

BOOST_AUTO_TEST_CASE(content_types_come_from_the_extension) {
    auto r = mounted(shared_tree().options());
    BOOST_TEST(get(r, "/static/style.css").header("Content-Type") == "text/css; charset=utf-8");
    BOOST_TEST(get(r, "/static/data.json").header("Content-Type") == "application/json; charset=utf-8");
    BOOST_TEST(get(r, "/static/noext").header("Content-Type") == "application/octet-stream");
    BOOST_TEST(get(r, "/static/sub/index.html").header("Content-Type") == "text/html; charset=utf-8");
    BOOST_TEST(get(r, "/static/big.bin").header("Content-Type") == "application/octet-stream");
}

BOOST_AUTO_TEST_CASE(directories_redirect_to_the_slash_form_then_serve_their_index) {
    auto r = mounted(shared_tree().options());
    auto moved = get(r, "/static/sub?x=1");
    BOOST_TEST(moved.res.status == 301u);
    BOOST_TEST(moved.header("Location") == "/static/sub/?x=1");
    auto root = get(r, "/static");
    BOOST_TEST(root.res.status == 301u);
    BOOST_TEST(root.header("Location") == "/static/");
    auto index = get(r, "/static/sub/");
    BOOST_TEST(index.res.status == 200u);
    BOOST_TEST(index.body == "<h1>sub</h1>");
    BOOST_TEST(get(r, "/static/").res.status == 403u);        // no index, listing off
    BOOST_TEST(get(r, "/static/hello.txt/").res.status == 404u);
    BOOST_TEST(get(r, "/static/missing.txt").res.status == 404u);
}

BOOST_AUTO_TEST_CASE(an_index_symlinked_outside_the_root_is_not_served) {
    auto r = mounted(shared_tree().options());
    auto res = get(r, "/static/empty/");
    BOOST_TEST(res.res.status == 403u);
    BOOST_TEST(res.body.find(secret_text) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_listing_is_off_by_default_and_escapes_names) {
    auto options = shared_tree().options();
    options.directory_listing = true;
    auto r = mounted(options);
    auto res = get(r, "/static/");
    BOOST_TEST(res.res.status == 200u);
    BOOST_TEST(res.body.find("a&lt;b&gt;&amp;.txt") != std::string::npos);
    BOOST_TEST(res.body.find("href=\"a%3Cb%3E%26.txt\"") != std::string::npos);
    BOOST_TEST(res.body.find("<b>") == std::string::npos);
    BOOST_TEST(res.body.find("href=\"sub/\"") != std::string::npos);
    BOOST_TEST(res.body.find(".secret") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(dotfiles_are_hidden_unless_enabled) {
    auto hidden = mounted(shared_tree().options());
    BOOST_TEST(get(hidden, "/static/.secret").res.status == 404u);
    BOOST_TEST(get(hidden, "/static/to_dotfile").res.status == 404u);
    auto options = shared_tree().options();
    options.show_dotfiles = true;
    auto shown = mounted(options);
    BOOST_TEST(get(shown, "/static/.secret").body == secret_text);
}

// Symlinks that stay inside the root are followed, to a file or a directory, through ".."
// too, and again once cached.
BOOST_AUTO_TEST_CASE(a_symlink_inside_the_root_is_followed) {
    auto r = mounted(shared_tree().options());
    for (int round = 0; round < 2; ++round) {
        BOOST_TEST_CONTEXT("round " << round) {
            BOOST_TEST(get(r, "/static/inner_link").body == hello_text);
            BOOST_TEST(get(r, "/static/inner_dir/").body == "<h1>sub</h1>");
            BOOST_TEST(get(r, "/static/inner_dir/index.html").body == "<h1>sub</h1>");
            BOOST_TEST(get(r, "/static/deeper/up_link").body == hello_text);
        }
    }
}

BOOST_AUTO_TEST_CASE(cache_control_is_configurable) {
    auto options = shared_tree().options();
    options.cache_control = "public, max-age=60";
    auto r = mounted(options);
    BOOST_TEST(get(r, "/static/hello.txt").header("Cache-Control") == "public, max-age=60");
}

BOOST_AUTO_TEST_CASE(a_root_that_is_not_a_directory_is_refused_at_mount) {
    http::router r;
    auto a_file = shared_tree().options();
    a_file.root /= "hello.txt";
    BOOST_CHECK_THROW(handlers::mount_static_files(r, "/s", a_file), std::invalid_argument);
    auto missing = shared_tree().options();
    missing.root = shared_tree().base / "nowhere";
    BOOST_CHECK_THROW(handlers::mount_static_files(r, "/t", missing), std::invalid_argument);
    auto tokenless = shared_tree().options();
    tokenless.allow_write = true;
    BOOST_CHECK_THROW(handlers::mount_static_files(r, "/u", tokenless), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_mount_at_the_root_serves_too) {
    http::router r;
    handlers::mount_static_files(r, "/", shared_tree().options());
    BOOST_TEST(get(r, "/hello.txt").body == hello_text);
    BOOST_TEST(get(r, "/sub/").body == "<h1>sub</h1>");
    BOOST_TEST(get(r, "/sub").header("Location") == "/sub/");
}

BOOST_AUTO_TEST_CASE(a_router_mounted_inside_another_still_finds_its_segments) {
    http::router outer;
    outer.mount("/site", mounted(shared_tree().options()));
    BOOST_TEST(get(outer, "/site/static/hello.txt").body == hello_text);
    BOOST_TEST(get(outer, "/site/static/sub").header("Location") == "/site/static/sub/");
    BOOST_TEST(get(outer, "/site/static/static/..%2F..%2Fsecret.txt").res.status == 403u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(precompressed)

BOOST_AUTO_TEST_CASE(the_gz_twin_is_sent_only_when_enabled_and_accepted) {
    auto off = mounted(shared_tree().options());
    auto plain = get(off, "/static/page.html", with("Accept-Encoding", "gzip"));
    BOOST_TEST(plain.body == "<p>plain</p>");
    BOOST_TEST(plain.header("Content-Encoding").empty());
    BOOST_TEST(plain.header("Vary").empty());

    auto options = shared_tree().options();
    options.precompressed_gzip = true;
    auto on = mounted(options);
    struct row {
        std::string accept_encoding;
        bool gzip;
    };
    const std::vector<row> rows{
        {"gzip", true}, {"br, gzip;q=0.5", true}, {"*", true}, {"GZIP", true},
        {"", false}, {"br", false}, {"gzip;q=0", false}, {"gzip; q=0.000, *", false}, {"identity", false},
    };
    for (const auto& row : rows) {
        BOOST_TEST_CONTEXT("Accept-Encoding: " << row.accept_encoding) {
            auto res = get(on, "/static/page.html", with("Accept-Encoding", row.accept_encoding));
            BOOST_TEST(res.body == (row.gzip ? "GZDATA" : "<p>plain</p>"));
            BOOST_TEST(res.header("Content-Encoding") == (row.gzip ? "gzip" : ""));
            BOOST_TEST(res.header("Content-Type") == "text/html; charset=utf-8");
            BOOST_TEST(res.header("Vary") == "Accept-Encoding");
        }
    }
    // No twin: the file itself.
    BOOST_TEST(get(on, "/static/hello.txt", with("Accept-Encoding", "gzip")).body == hello_text);
}

BOOST_AUTO_TEST_CASE(a_twin_leading_outside_the_root_is_ignored) {
    auto options = shared_tree().options();
    options.precompressed_gzip = true;
    auto r = mounted(options);
    auto res = get(r, "/static/leak.txt", with("Accept-Encoding", "gzip"));
    BOOST_TEST(res.body == "plain leak");
    BOOST_TEST(res.header("Content-Encoding").empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(safety)

// Every form of escaping the root, sent raw over a socket; none may show the secret.
BOOST_AUTO_TEST_CASE(traversal_attacks_never_reach_the_secret) {
    auto s = served(shared_tree().options());
    const std::vector<std::string> attacks{
        "/static/../secret.txt",
        "/static/sub/../../secret.txt",
        "/static/%2e%2e/secret.txt",
        "/static/%2E%2E/secret.txt",
        "/static/.%2e/secret.txt",
        "/static/..%2fsecret.txt",
        "/static/..%2Fsecret.txt",
        "/static/sub%2f..%2f..%2fsecret.txt",
        "/static/..%5csecret.txt",
        "/static/..%5Csecret.txt",
        "/static/..\\secret.txt",
        "/static/%00",
        "/static/hello.txt%00.png",
        "/static/%2fetc%2fpasswd",
        "/static//etc/passwd",
        "/static/escape",
        "/static/escape_dir/secret.txt",
        "/static/escape_dir/",
        "/static/.secret",
        "/static/%2esecret",
        "/static/./hello.txt/../../secret.txt",
        "http://t/static/../secret.txt",
    };
    for (const auto& target : attacks) {
        BOOST_TEST_CONTEXT("GET " << target) {
            auto res = exchange(s.port(), "GET", target);
            BOOST_TEST_MESSAGE(res.status << " for " << target);
            BOOST_TEST((res.status == 403u || res.status == 404u));
            BOOST_TEST(res.body.find(secret_text) == std::string::npos);
        }
    }
}

// Resolution beneath the root (openat2) and the fallback without it (check, then open) give
// the same answers.
BOOST_AUTO_TEST_CASE(both_resolutions_keep_to_the_root) {
    struct row {
        std::string relative;
        unsigned refusal;
        bool show_dotfiles = false;
    };
    const std::vector<row> rows{
        {"hello.txt", 0}, {"", 0}, {"sub", 0}, {"inner_link", 0}, {"inner_dir/index.html", 0}, {"deeper/up_link", 0},
        {"escape", 403}, {"escape_dir/secret.txt", 403}, {"escape_dir", 403}, {"empty/index.html", 403},
        {"missing.txt", 404}, {"hello.txt/x", 404}, {"to_dotfile", 404}, {"to_dotfile", 0, true},
    };
    auto real_root = fs::canonical(shared_tree().root);
    for (bool beneath : {true, false}) {
        handlers::detail::root_directory root(real_root, beneath);
        BOOST_TEST(root.resolves_beneath() == beneath);     // this kernel has openat2 (5.6 and later)
        for (const auto& row : rows) {
            BOOST_TEST_CONTEXT((beneath ? "openat2: " : "fallback: ") << "'" << row.relative << "' dotfiles " << row.show_dotfiles) {
                auto opened = handlers::detail::open_inside(root, row.relative, row.show_dotfiles);
                BOOST_TEST(opened.refusal == row.refusal);
                BOOST_TEST((opened.file != nullptr) == (row.refusal == 0));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(segments_are_checked_one_by_one) {
    auto r = mounted(shared_tree().options());
    BOOST_TEST(get(r, "/static/..").res.status == 403u);
    BOOST_TEST(get(r, "/static/%2e%2e").res.status == 403u);
    BOOST_TEST(get(r, "/static/sub%2Findex.html").res.status == 403u);
    BOOST_TEST(get(r, "/static/sub%5Cindex.html").res.status == 403u);
    BOOST_TEST(get(r, "/static/hello.txt%00").res.status == 403u);
    BOOST_TEST(get(r, "/static/escape").res.status == 403u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(conditional)

BOOST_AUTO_TEST_CASE(if_none_match_gives_304) {
    auto r = mounted(shared_tree().options());
    auto first = get(r, "/static/hello.txt");
    std::string etag(first.header("ETag"));
    auto again = get(r, "/static/hello.txt", with("If-None-Match", etag));
    BOOST_TEST(again.res.status == 304u);
    BOOST_TEST(again.body.empty());
    BOOST_TEST(again.header("ETag") == etag);
    BOOST_TEST(get(r, "/static/hello.txt", with("If-None-Match", "\"other\", W/" + etag)).res.status == 304u);
    BOOST_TEST(get(r, "/static/hello.txt", with("If-None-Match", "*")).res.status == 304u);
    BOOST_TEST(get(r, "/static/hello.txt", with("If-None-Match", "\"other\"")).res.status == 200u);
}

BOOST_AUTO_TEST_CASE(if_modified_since_gives_304_unless_if_none_match_disagrees) {
    auto r = mounted(shared_tree().options());
    std::string modified(get(r, "/static/hello.txt").header("Last-Modified"));
    BOOST_TEST(get(r, "/static/hello.txt", with("If-Modified-Since", modified)).res.status == 304u);
    BOOST_TEST(get(r, "/static/hello.txt", with("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT")).res.status == 200u);
    BOOST_TEST(get(r, "/static/hello.txt", with("If-Modified-Since", "garbage")).res.status == 200u);
    auto both = with("If-Modified-Since", modified);
    both.set("If-None-Match", "\"other\"");
    BOOST_TEST(get(r, "/static/hello.txt", both).res.status == 200u);
}

BOOST_AUTO_TEST_CASE(a_changed_file_gets_a_new_etag) {
    temp_tree tree;
    auto r = mounted(tree.options());
    std::string before(get(r, "/static/hello.txt").header("ETag"));
    write_file(tree.root / "hello.txt", "changed, and longer");
    auto after = get(r, "/static/hello.txt", with("If-None-Match", before));
    BOOST_TEST(after.res.status == 200u);
    BOOST_TEST(after.header("ETag") != before);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ranges)

BOOST_AUTO_TEST_CASE(single_ranges) {
    auto r = mounted(shared_tree().options());
    struct row {
        std::string range;
        unsigned status;
        std::string body;
        std::string content_range;
    };
    const std::string size = std::to_string(hello_text.size());
    const std::vector<row> rows{
        {"bytes=0-4", 206, "Hello", "bytes 0-4/" + size},
        {"bytes=7-", 206, "static!\n", "bytes 7-14/" + size},
        {"bytes=-2", 206, "!\n", "bytes 13-14/" + size},
        {"bytes=-100", 206, std::string(hello_text), "bytes 0-14/" + size},
        {"bytes=10-1000", 206, "tic!\n", "bytes 10-14/" + size},
        {"bytes=15-", 416, "", "bytes */" + size},
        {"bytes=-0", 416, "", "bytes */" + size},
        {"bytes=0-1,3-4", 200, std::string(hello_text), ""},      // several ranges: the whole file
        {"bytes=5-2", 200, std::string(hello_text), ""},          // invalid: ignored
        {"bytes=x-", 200, std::string(hello_text), ""},
        {"lines=0-1", 200, std::string(hello_text), ""},
    };
    for (const auto& row : rows) {
        BOOST_TEST_CONTEXT("Range: " << row.range) {
            auto res = get(r, "/static/hello.txt", with("Range", row.range));
            BOOST_TEST(res.res.status == row.status);
            if (row.status != 416) BOOST_TEST(res.body == row.body);
            BOOST_TEST(res.header("Content-Range") == row.content_range);
        }
    }
}

BOOST_AUTO_TEST_CASE(if_range_decides_between_part_and_whole) {
    auto r = mounted(shared_tree().options());
    auto first = get(r, "/static/hello.txt");
    std::string etag(first.header("ETag")), modified(first.header("Last-Modified"));
    auto ask = [&](std::string if_range) {
        auto headers = with("Range", "bytes=0-4");
        headers.set("If-Range", std::move(if_range));
        return get(r, "/static/hello.txt", headers).res.status;
    };
    BOOST_TEST(ask(etag) == 206u);
    BOOST_TEST(ask(modified) == 206u);
    BOOST_TEST(ask("\"stale\"") == 200u);
    BOOST_TEST(ask("W/" + etag) == 200u);
    BOOST_TEST(ask("Sun, 06 Nov 1994 08:49:37 GMT") == 200u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(over_sockets)

BOOST_AUTO_TEST_CASE(a_large_file_arrives_whole_with_its_length) {
    auto s = served(shared_tree().options());
    auto res = exchange(s.port(), "GET", "/static/big.bin");
    BOOST_TEST(res.status == 200u);
    BOOST_TEST(res.header("Content-Length") == std::to_string(big_size));
    BOOST_TEST(res.header("Transfer-Encoding").empty());
    BOOST_TEST((res.body == big_content()));
}

BOOST_AUTO_TEST_CASE(head_sends_the_length_and_no_body) {
    auto s = served(shared_tree().options());
    auto res = exchange(s.port(), "HEAD", "/static/big.bin");
    BOOST_TEST(res.status == 200u);
    BOOST_TEST(res.header("Content-Length") == std::to_string(big_size));
    BOOST_TEST(!res.header("ETag").empty());
    BOOST_TEST(res.body.empty());
}

BOOST_AUTO_TEST_CASE(a_range_across_buffer_boundaries) {
    auto s = served(shared_tree().options());
    auto res = exchange(s.port(), "GET", "/static/big.bin", "Range: bytes=65530-200000\r\n");
    BOOST_TEST(res.status == 206u);
    BOOST_TEST(res.header("Content-Range") == "bytes 65530-200000/" + std::to_string(big_size));
    BOOST_TEST((res.body == big_content().substr(65530, 200000 - 65530 + 1)));
    auto none = exchange(s.port(), "GET", "/static/big.bin", "Range: bytes=99999999-\r\n");
    BOOST_TEST(none.status == 416u);
    BOOST_TEST(none.header("Content-Range") == "bytes */" + std::to_string(big_size));
}

BOOST_AUTO_TEST_CASE(keep_alive_carries_on_after_a_streamed_file) {
    auto s = served(shared_tree().options());
    tcp_client client(s.port());
    for (int i = 0; i < 3; ++i) {
        client.send("GET /static/hello.txt HTTP/1.1\r\nHost: t\r\n\r\n");
        auto res = parse_http_reply(client.receive_http_response());
        BOOST_TEST(res.status == 200u);
        BOOST_TEST(res.body == hello_text);
    }
}

std::size_t resident_kib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.starts_with("VmRSS:")) return std::stoul(line.substr(6));
    return 0;
}

// A client that takes a few MiB of a 1 GiB file and then stops reading: the server sends it
// with sendfile and waits on the socket holding no file bytes, so this process's memory barely
// moves.
BOOST_AUTO_TEST_CASE(a_slow_client_of_a_huge_file_keeps_memory_flat) {
    temp_tree tree;
    constexpr std::uintmax_t huge = std::uintmax_t{1} << 30;
    write_file(tree.root / "huge.bin", "");
    fs::resize_file(tree.root / "huge.bin", huge);       // sparse: no disk used
    logger silent{log_level::off};           // the client breaks off on purpose: no error lines
    auto quiet = live_http_server::quiet_options();
    quiet.log = &silent;
    auto s = served(tree.options(), quiet);
    auto before = resident_kib();
    tcp_client client(s.port());
    client.send("GET /static/huge.bin HTTP/1.1\r\nHost: t\r\n\r\n");
    auto got = client.receive(10s, [](std::string_view t) { return t.size() >= 8u * 1024 * 1024; });
    BOOST_TEST(got.find("Content-Length: " + std::to_string(huge)) != std::string::npos);
    BOOST_TEST(got.size() >= 8u * 1024 * 1024);
    got = {};
    std::this_thread::sleep_for(200ms);                  // let the server fill the socket buffers
    auto after = resident_kib();
    BOOST_TEST_MESSAGE("RSS before " << before << " KiB, after " << after << " KiB");
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
    // A sanitizer's shadow memory grows with every byte this process touched (the client's
    // 8 MiB included): RSS says nothing about the server there (TSan: +32 MiB).
    BOOST_TEST_MESSAGE("RSS bound not checked under a sanitizer");
#else
    BOOST_TEST(after < before + 32 * 1024);
#endif
}

#ifdef CORONET_CURL_BIN
BOOST_AUTO_TEST_CASE(curl_downloads_whole_and_ranged) {
    auto s = served(shared_tree().options());
    temp_directory scratch;
    auto whole = scratch.path() / "whole.bin", part = scratch.path() / "part.bin";
    child_process full({CORONET_CURL_BIN, "-s", "-f", "-o", whole.string(), s.url("/static/big.bin")});
    BOOST_TEST(full.wait_exit(30s).value_or(-1) == 0);
    BOOST_TEST((read_file(whole) == big_content()));
    child_process ranged({CORONET_CURL_BIN, "-s", "-f", "-r", "0-99", "-o", part.string(), s.url("/static/big.bin")});
    BOOST_TEST(ranged.wait_exit(30s).value_or(-1) == 0);
    BOOST_TEST((read_file(part) == big_content().substr(0, 100)));
    child_process refused({CORONET_CURL_BIN, "-s", "-f", "--path-as-is", "-o", part.string(), s.url("/static/../secret.txt")});
    BOOST_TEST(refused.wait_exit(30s).value_or(-1) == 22);     // curl -f: HTTP error
}
#endif

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(writes)

handlers::static_files_options writable(const temp_tree& tree) {
    return {.root = tree.root, .allow_write = true, .write_token = "s3cret-token"};
}

reply send(const http::router& r, http::method m, std::string target, std::string body, std::string token) {
    http::fields headers;
    if (!token.empty()) headers.set("Authorization", "Bearer " + token);
    reply out{http::invoke(r, {m, std::move(target), std::move(body), std::move(headers)}), {}};
    out.body = out.res.body;
    return out;
}

BOOST_AUTO_TEST_CASE(put_and_delete_are_off_by_default) {
    temp_tree tree;
    auto r = mounted(tree.options());
    BOOST_TEST(send(r, http::method::put, "/static/new.txt", "x", "any").res.status == 405u);
    BOOST_TEST(send(r, http::method::delete_, "/static/hello.txt", "", "any").res.status == 405u);
    BOOST_TEST(fs::exists(tree.root / "hello.txt"));
}

BOOST_AUTO_TEST_CASE(a_bearer_token_is_required) {
    temp_tree tree;
    auto r = mounted(writable(tree));
    auto missing = send(r, http::method::put, "/static/new.txt", "x", "");
    BOOST_TEST(missing.res.status == 401u);
    BOOST_TEST(missing.header("WWW-Authenticate") == "Bearer");
    BOOST_TEST(send(r, http::method::put, "/static/new.txt", "x", "s3cret-tokem").res.status == 403u);
    BOOST_TEST(send(r, http::method::put, "/static/new.txt", "x", "s3cret-token-longer").res.status == 403u);
    BOOST_TEST(send(r, http::method::delete_, "/static/hello.txt", "", "").res.status == 401u);
    BOOST_TEST(!fs::exists(tree.root / "new.txt"));
    BOOST_TEST(fs::exists(tree.root / "hello.txt"));
}

BOOST_AUTO_TEST_CASE(put_creates_then_replaces_and_delete_removes) {
    temp_tree tree;
    auto r = mounted(writable(tree));
    const std::string token = "s3cret-token";
    BOOST_TEST(send(r, http::method::put, "/static/sub/new.txt", "first", token).res.status == 201u);
    BOOST_TEST(get(r, "/static/sub/new.txt").body == "first");
    BOOST_TEST(send(r, http::method::put, "/static/sub/new.txt", "second", token).res.status == 204u);
    BOOST_TEST(get(r, "/static/sub/new.txt").body == "second");
    BOOST_TEST(send(r, http::method::delete_, "/static/sub/new.txt", "", token).res.status == 204u);
    BOOST_TEST(send(r, http::method::delete_, "/static/sub/new.txt", "", token).res.status == 404u);
    BOOST_TEST(get(r, "/static/sub/new.txt").res.status == 404u);
    // Nothing left behind: no temp files beside the target.
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(tree.root / "sub")) ++entries;
    BOOST_TEST(entries == 1u);
}

BOOST_AUTO_TEST_CASE(writes_stay_inside_the_root) {
    temp_tree tree;
    auto r = mounted(writable(tree));
    const std::string token = "s3cret-token";
    BOOST_TEST(send(r, http::method::put, "/static/../evil.txt", "x", token).res.status == 403u);
    BOOST_TEST(send(r, http::method::put, "/static/..%2fevil.txt", "x", token).res.status == 403u);
    BOOST_TEST(send(r, http::method::put, "/static/escape_dir/evil.txt", "x", token).res.status == 403u);
    BOOST_TEST(send(r, http::method::put, "/static/nodir/evil.txt", "x", token).res.status == 409u);
    BOOST_TEST(send(r, http::method::put, "/static/sub", "x", token).res.status == 409u);
    BOOST_TEST(send(r, http::method::put, "/static/sub/", "x", token).res.status == 403u);
    BOOST_TEST(send(r, http::method::put, "/static/.hidden", "x", token).res.status == 404u);
    BOOST_TEST(!fs::exists(tree.base / "evil.txt"));
    BOOST_TEST(!fs::exists(tree.base / "outside" / "evil.txt"));
    // Deleting the symlink removes the link, never what it points to.
    BOOST_TEST(send(r, http::method::delete_, "/static/escape", "", token).res.status == 204u);
    BOOST_TEST(read_file(tree.base / "secret.txt") == secret_text);
}

// A writer inside the root swaps a directory for a symlink leading out, and back, as fast as it
// can, while PUTs write into that directory: each PUT lands inside or is refused, never outside
// (the directory is opened beneath the root once and written into by descriptor).
BOOST_AUTO_TEST_CASE(writes_never_follow_a_directory_swapped_for_a_symlink_leading_out) {
    temp_tree tree;
    fs::create_directories(tree.root / "box");
    fs::create_directories(tree.base / "out");
    fs::create_symlink(tree.base / "out", tree.root / "box_link");
    auto r = mounted(writable(tree));
    const std::string token = "s3cret-token";
    std::atomic<bool> done{false};
    std::atomic<int> swaps{0};
    std::thread swapper([&] {
        auto box = (tree.root / "box").string(), link = (tree.root / "box_link").string();
        while (!done) {
            if (::renameat2(AT_FDCWD, box.c_str(), AT_FDCWD, link.c_str(), RENAME_EXCHANGE) == 0) ++swaps;
        }
    });
    int written = 0;
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
    for (int i = 0; std::chrono::steady_clock::now() < until; ++i) {
        auto status = send(r, http::method::put, "/static/box/f" + std::to_string(i), "x", token).res.status;
        if (status == 201u) ++written;
    }
    done = true;
    swapper.join();
    BOOST_TEST_MESSAGE(swaps.load() << " swaps, " << written << " files written");
    BOOST_TEST(swaps.load() > 100);   // else the race was not run
    BOOST_TEST(written > 0);
    BOOST_TEST(fs::is_empty(tree.base / "out"));
}

// A PUT cut short by a kill leaves its temporary file beside the target: mounting with writes
// removes those anywhere below the root (and only those: a look-alike name stays, and nothing
// is removed through a symlink leading out); none is ever served or listed, dotfiles shown or not.
BOOST_AUTO_TEST_CASE(temporary_files_left_by_a_kill_are_removed_at_mount_and_never_served) {
    temp_tree tree;
    const std::string temp = ".coronet-part-0123456789abcdef";
    write_file(tree.root / temp, "half");
    write_file(tree.root / "sub" / temp, "half");
    write_file(tree.root / ".coronet-part-notatemp", "a user's");
    write_file(tree.base / "outside" / temp, "not the server's");   // root/escape_dir leads here
    http::router read_only;
    handlers::mount_static_files(read_only, "/static", {.root = tree.root, .directory_listing = true, .show_dotfiles = true});
    BOOST_TEST(get(read_only, "/static/" + temp).res.status == 404u);
    BOOST_TEST(get(read_only, "/static/").body.find(temp) == std::string::npos);
    BOOST_TEST(get(read_only, "/static/.coronet-part-notatemp").res.status == 200u);
    BOOST_TEST(fs::exists(tree.root / temp));   // a read-only mount leaves them

    auto options = writable(tree);
    options.show_dotfiles = true;
    auto r = mounted(options);
    BOOST_TEST(!fs::exists(tree.root / temp));
    BOOST_TEST(!fs::exists(tree.root / "sub" / temp));
    BOOST_TEST(fs::exists(tree.root / ".coronet-part-notatemp"));
    BOOST_TEST(fs::exists(tree.base / "outside" / temp));
    BOOST_TEST(send(r, http::method::put, "/static/" + temp, "x", "s3cret-token").res.status == 404u);
    BOOST_TEST(!fs::exists(tree.root / temp));
}

// Readers see the old file or the new one, never a mix: every GET during the PUTs is whole.
BOOST_AUTO_TEST_CASE(put_is_atomic_under_concurrent_gets) {
    temp_tree tree;
    const std::string a(256 * 1024, 'a'), b(256 * 1024, 'b');
    write_file(tree.root / "swap.txt", a);
    auto options = writable(tree);
    auto s = served(options);
    std::atomic<bool> done{false};
    std::atomic<int> torn{0}, reads{0};
    std::thread reader([&] {
        while (!done) {
            auto res = exchange(s.port(), "GET", "/static/swap.txt");
            if (res.status != 200 || (res.body != a && res.body != b)) ++torn;
            ++reads;
        }
    });
    for (int i = 0; i < 20; ++i) {
        const auto& body = i % 2 ? a : b;
        auto res = exchange(s.port(), "PUT", "/static/swap.txt",
                            "Authorization: Bearer s3cret-token\r\nContent-Length: " + std::to_string(body.size()) + "\r\n", body);
        BOOST_TEST(res.status == 204u);
    }
    BOOST_TEST(wait_until([&] { return reads.load() > 5; }, 10s));
    done = true;
    reader.join();
    BOOST_TEST(torn.load() == 0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cache)

// File times are coarse, so a file is kept in memory only once it has not changed for
// file_cache::settle seconds: wait until `path` is that old (a condition, not a guess).
bool wait_until_cacheable(const fs::path& path) {
    return wait_until([&] {
        struct stat st{};
        return ::stat(path.c_str(), &st) == 0 &&
               std::max(st.st_mtim.tv_sec, st.st_ctim.tv_sec) + handlers::detail::file_cache::settle < std::time(nullptr);
    }, 5s);
}

BOOST_AUTO_TEST_CASE(a_cached_file_replaced_or_rewritten_is_never_served_stale) {
    temp_tree tree;
    write_file(tree.root / "page.txt", "version 1");
    write_file(tree.base / "other.txt", "version 2");
    BOOST_TEST(wait_until_cacheable(tree.root / "page.txt"));
    auto r = mounted(writes::writable(tree));
    BOOST_TEST(get(r, "/static/page.txt").body == "version 1");
    BOOST_TEST(get(r, "/static/page.txt").body == "version 1");          // from memory now
    fs::rename(tree.base / "other.txt", tree.root / "page.txt");         // replaced behind our back
    BOOST_TEST(get(r, "/static/page.txt").body == "version 2");
    BOOST_TEST(writes::send(r, http::method::put, "/static/page.txt", "version 3", "s3cret-token").res.status == 204u);
    BOOST_TEST(get(r, "/static/page.txt").body == "version 3");
    // Rewritten in place, same size, mtime put back: ctime still tells.
    BOOST_TEST(wait_until_cacheable(tree.root / "page.txt"));
    BOOST_TEST(get(r, "/static/page.txt").body == "version 3");
    struct stat before{};
    ::stat((tree.root / "page.txt").c_str(), &before);
    write_file(tree.root / "page.txt", "version 4");
    const struct timespec times[2] = {before.st_atim, before.st_mtim};
    ::utimensat(AT_FDCWD, (tree.root / "page.txt").c_str(), times, 0);
    BOOST_TEST(get(r, "/static/page.txt").body == "version 4");
    BOOST_TEST(writes::send(r, http::method::delete_, "/static/page.txt", "", "s3cret-token").res.status == 204u);
    BOOST_TEST(get(r, "/static/page.txt").res.status == 404u);
}

// A cached file whose directory is moved out of the root and replaced by a symlink to where it
// went: the file is the very one cached (same inode, unchanged ctime), but it is outside now.
BOOST_AUTO_TEST_CASE(a_directory_swapped_for_a_symlink_leading_out_is_not_served_from_the_cache) {
    temp_tree tree;
    fs::create_directories(tree.root / "docs");
    write_file(tree.root / "docs" / "small.txt", secret_text);
    write_file(tree.root / "docs" / "large.bin", big_content());     // cached as a descriptor
    BOOST_TEST(wait_until_cacheable(tree.root / "docs" / "small.txt"));
    auto r = mounted(tree.options());
    for (int round = 0; round < 2; ++round) {                        // the second from the cache
        BOOST_TEST(get(r, "/static/docs/small.txt").body == secret_text);
        BOOST_TEST(get(r, "/static/docs/large.bin").res.status == 200u);
    }
    fs::rename(tree.root / "docs", tree.base / "moved_out");
    fs::create_symlink(tree.base / "moved_out", tree.root / "docs");
    for (const char* target : {"/static/docs/small.txt", "/static/docs/large.bin"}) {
        BOOST_TEST_CONTEXT(target) {
            auto res = get(r, target);
            BOOST_TEST(res.res.status == 403u);
            BOOST_TEST(res.body.find(secret_text) == std::string::npos);
        }
    }
    // A symlink that stays inside is still followed: docs leads to a directory in the root.
    fs::remove(tree.root / "docs");
    fs::rename(tree.base / "moved_out", tree.root / "archive");
    fs::create_symlink("archive", tree.root / "docs");
    BOOST_TEST(get(r, "/static/docs/small.txt").body == secret_text);
    BOOST_TEST(get(r, "/static/docs/small.txt").body == secret_text);
}

BOOST_AUTO_TEST_CASE(a_large_file_is_sent_from_its_open_descriptor_and_ranges_work) {
    auto r = mounted(shared_tree().options());
    auto res = http::invoke(r, {http::method::get, "/static/big.bin", {}, with("Range", "bytes=100-199")});
    BOOST_TEST(res.status == 206u);
    BOOST_TEST(res.file.has_value());
    BOOST_TEST(http::read_body(res) == big_content().substr(100, 100));
    auto small = http::invoke(r, {http::method::get, "/static/hello.txt"});
    BOOST_TEST(!small.file.has_value());                                 // small: from memory
    BOOST_TEST(small.body == hello_text);
}

BOOST_AUTO_TEST_CASE(the_cache_keeps_within_its_limits_least_recently_used_out_first) {
    temp_tree tree;
    for (const char* name : {"a", "b", "c"}) write_file(tree.root / name, "12345");
    BOOST_TEST(wait_until_cacheable(tree.root / "c"));
    handlers::detail::root_directory root(fs::canonical(tree.root));
    handlers::detail::file_cache cache(root, {.memory_bytes = 10, .max_files = 8});
    auto remember = [&](const std::string& name) {
        auto file = handlers::detail::open_inside(root, name, false).file;
        auto entry = std::make_shared<handlers::detail::cached_file>(
            handlers::detail::cached_file{file, handlers::detail::validators_of(file->status()), "text/plain",
                                          file->read(0, file->size())});
        cache.insert(name, entry);
    };
    remember("a");
    remember("b");
    BOOST_TEST(cache.find("a") != nullptr);       // a is now the most recently used
    remember("c");                                // 15 bytes > 10: b goes
    BOOST_TEST(cache.size() == 2u);
    BOOST_TEST(cache.memory_bytes() == 10u);
    BOOST_TEST(cache.find("b") == nullptr);
    BOOST_TEST(cache.find("a") != nullptr);
    BOOST_TEST(cache.find("c") != nullptr);
    fs::remove(tree.root / "a");
    BOOST_TEST(cache.find("a") == nullptr);       // gone from disk: dropped
    BOOST_TEST(cache.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
