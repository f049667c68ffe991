// Black-box tests of apps/homepage: the real coronet-homepage, started on a free port with its
// store and uploads in a temporary directory, asked over HTTP for every page and asset of its
// docroot, the form echo, the raw request, the dictionary and uploads, then stopped with a
// signal. Also: another docroot, and the binary and docroot as `cmake --install` lays them out.
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <coronet/sha256.hpp>

#include "support/test_support.hpp"
#include "support/upload_kill_rounds.hpp"

using namespace coronet::testing;
namespace fs = std::filesystem;

namespace {

const fs::path bundled = CORONET_HOMEPAGE_DOCROOT;

// The app on a free port, its store and uploads in `dir`; `extra` flags after ours (the log at
// warn unless they say otherwise).
struct homepage_app {
    explicit homepage_app(const fs::path& dir, std::vector<std::string> extra = {},
                          std::string binary = CORONET_HOMEPAGE_BIN) {
        std::vector<std::string> argv{std::move(binary), "--port", "0", "--db", (dir / "words.db").string(),
                                      "--uploads", (dir / "uploads").string(), "--threads", "2"};
        if (std::find(extra.begin(), extra.end(), "--log-level") == extra.end()) argv.insert(argv.end(), {"--log-level", "warn"});
        argv.insert(argv.end(), extra.begin(), extra.end());
        process.emplace(argv);
        auto line = process->wait_for_line("http listening on 127.0.0.1:");
        BOOST_REQUIRE(line);
        port = port_of(*line);
    }

    // One request on a connection of its own; `headers` are whole lines, each ending in CRLF.
    http_reply ask(std::string_view method, std::string_view target, std::string_view headers = {},
                   std::string_view body = {}) const {
        tcp_client c{port};
        c.send(fmt::format("{} {} HTTP/1.1\r\nHost: 127.0.0.1\r\n{}Content-Length: {}\r\n\r\n{}", method, target, headers,
                           body.size(), body));
        return parse_http_reply(method == "HEAD" ? c.receive_http_head() : c.receive_http_response());
    }
    http_reply get(std::string_view target, std::string_view headers = {}) const { return ask("GET", target, headers); }

    // SIGTERM (or `signo`) and a clean exit.
    void stop(int signo = SIGTERM) {
        process->signal(signo);
        BOOST_TEST(process->wait_exit().value_or(-1) == 0);
    }

    std::optional<child_process> process;
    std::uint16_t port = 0;
};

// The values of every `attribute="/..."` in an HTML page: its site-absolute links and assets.
std::vector<std::string> local_urls(std::string_view page, std::string_view attribute) {
    std::vector<std::string> out;
    const std::string opening = fmt::format(" {}=\"/", attribute);
    for (auto pos = page.find(opening); pos != std::string_view::npos; pos = page.find(opening, pos + 1)) {
        auto start = pos + opening.size() - 1;
        out.emplace_back(page.substr(start, page.find('"', start) - start));
    }
    return out;
}

const std::string browser_accept = "Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\n";
const std::string json_accept = "Accept: application/json\r\n";

}  // namespace

BOOST_AUTO_TEST_CASE(help_names_every_flag_and_bad_flags_are_refused) {
    auto help = run_program({CORONET_HOMEPAGE_BIN, "--help"});
    BOOST_TEST(help.status == 0);
    for (auto flag : {"--bind", "--port", "8082", "--docroot", "--db", "coronet-homepage.db", "--upload-token", "--uploads",
                      "--write-timeout", "--threads", "--log-level", "--log-file"})
        BOOST_TEST(help.out.find(flag) != std::string::npos, flag);
    BOOST_TEST(help.out.find(fs::canonical(bundled).string()) != std::string::npos, "the default docroot is shown");
    temp_directory dir;
    auto db = (dir.path() / "words.db").string();
    BOOST_TEST(run_program({CORONET_HOMEPAGE_BIN, "--db", db, "--port", "70000"}).status == 2);
    BOOST_TEST(run_program({CORONET_HOMEPAGE_BIN, "--db", db, "--port", "-1"}).status == 2);
    BOOST_TEST(run_program({CORONET_HOMEPAGE_BIN, "--db", db, "--port", "off"}).status == 2);
    BOOST_TEST(run_program({CORONET_HOMEPAGE_BIN, "--db", db, "--log-level", "loud"}).status == 2);
    BOOST_TEST(run_program({CORONET_HOMEPAGE_BIN, "--db", db, "--write-timeout", "0"}).status == 2);
    auto no_docroot = (dir.path() / "none").string();
    BOOST_TEST(run_program({CORONET_HOMEPAGE_BIN, "--db", db, "--port", "0", "--docroot", no_docroot}).status == 1);
    auto no_db_directory = (dir.path() / "no" / "dir" / "words.db").string();
    BOOST_TEST(run_program({CORONET_HOMEPAGE_BIN, "--port", "0", "--db", no_db_directory}).status == 1);
}

BOOST_AUTO_TEST_CASE(pages_and_assets_come_with_their_types_and_every_link_works) {
    temp_directory dir;
    homepage_app app{dir.path()};
    auto home = app.get("/", browser_accept);
    BOOST_TEST(home.status == 200u);
    BOOST_TEST(home.header("Content-Type") == "text/html; charset=utf-8");
    BOOST_TEST(home.body == read_file(bundled / "index.html"));
    BOOST_TEST(app.get("/index.html").body == home.body);

    struct asset {
        std::string path, type, file;
    };
    for (const auto& [path, type, file] : std::vector<asset>{
             {"/form.html", "text/html; charset=utf-8", "form.html"},
             {"/style.css", "text/css; charset=utf-8", "style.css"},
             {"/images/coronet.svg", "image/svg+xml; charset=utf-8", "images/coronet.svg"},
             {"/favicon.ico", "image/x-icon", "favicon.ico"}}) {
        auto res = app.get(path);
        BOOST_TEST_INFO(path);
        BOOST_TEST(res.status == 200u);
        BOOST_TEST(res.header("Content-Type") == type);
        BOOST_TEST(res.body == read_file(bundled / file));
    }
    auto head = app.ask("HEAD", "/style.css");
    BOOST_TEST(head.status == 200u);
    BOOST_TEST(head.header("Content-Length") == std::to_string(fs::file_size(bundled / "style.css")));

    // Every link and asset either page names answers 200 (the dictionary, the raw request too).
    for (auto page : {"index.html", "form.html"}) {
        auto html = read_file(bundled / page);
        auto urls = local_urls(html, "href");
        for (auto& src : local_urls(html, "src")) urls.push_back(src);
        BOOST_TEST(urls.size() >= 6u);
        for (const auto& url : urls) {
            BOOST_TEST_INFO(page << " links " << url);
            BOOST_TEST(app.get(url, browser_accept).status == 200u);
        }
        auto actions = local_urls(html, "action");
        BOOST_TEST_INFO(page);
        BOOST_TEST(actions.size() == (std::string_view(page) == "form.html" ? 3u : 0u));
    }
    BOOST_TEST(local_urls(home.body, "href").size() >= 4u);
    app.stop();
}

BOOST_AUTO_TEST_CASE(missing_files_and_other_methods_are_refused) {
    temp_directory dir;
    homepage_app app{dir.path()};
    for (auto target : {"/nope.html", "/images/nope.png", "/.hidden", "/dict/nope", "/echo/request/more", "/%2e%2e/etc/passwd"}) {
        auto res = app.get(target, browser_accept);
        BOOST_TEST_INFO(target);
        BOOST_TEST((res.status == 404u || res.status == 403u || res.status == 400u));
        BOOST_TEST(res.body.find("root:") == std::string::npos);
    }
    BOOST_TEST(app.get("/nope.html").status == 404u);
    BOOST_TEST(app.get("/nope.html").header("Content-Type") == "text/html; charset=utf-8");
    // The docroot is read-only, and without --upload-token there is nothing under /uploads.
    BOOST_TEST(app.ask("PUT", "/index.html", "Authorization: Bearer x\r\n", "defaced").status == 405u);
    BOOST_TEST(app.ask("DELETE", "/style.css").status == 405u);
    BOOST_TEST(app.ask("PUT", "/uploads/a.txt", {}, "x").status == 405u);
    BOOST_TEST(app.get("/uploads/").status == 404u);
    BOOST_TEST(read_file(bundled / "index.html").find("defaced") == std::string::npos);
    app.stop(SIGINT);
}

BOOST_AUTO_TEST_CASE(forms_are_echoed_urlencoded_and_multipart) {
    temp_directory dir;
    homepage_app app{dir.path()};
    // The seed's login form, as a browser sends it.
    auto echoed = app.ask("POST", "/echo", json_accept + "Content-Type: application/x-www-form-urlencoded\r\n",
                          "username=hello&pass=hello&city=%E4%B8%8A%E6%B5%B7");
    BOOST_TEST(echoed.status == 200u);
    BOOST_TEST(echoed.header("Content-Type").starts_with("application/json"));
    BOOST_TEST(echoed.body.find(R"("kind":"urlencoded")") != std::string::npos);
    BOOST_TEST(echoed.body.find(R"({"name":"username","value":"hello"})") != std::string::npos);
    BOOST_TEST(echoed.body.find(R"({"name":"city","value":"上海"})") != std::string::npos);
    auto page = app.ask("POST", "/echo", browser_accept + "Content-Type: application/x-www-form-urlencoded\r\n",
                        "username=%3Cb%3E");
    BOOST_TEST(page.header("Content-Type") == "text/html; charset=utf-8");
    BOOST_TEST(page.body.find("<td>username</td><td>&lt;b&gt;</td>") != std::string::npos);

    // A file upload: every byte value, so the digest covers binary content.
    std::string file;
    for (int i = 0; i < 3000; ++i) file.push_back(static_cast<char>(i % 256));
    std::string body = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nmy picture\r\n"
                       "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bytes.bin\"\r\n"
                       "Content-Type: application/octet-stream\r\n\r\n" +
                       file + "\r\n--XyZ--\r\n";
    auto multipart = app.ask("POST", "/echo", json_accept + "Content-Type: multipart/form-data; boundary=XyZ\r\n", body);
    BOOST_TEST(multipart.status == 200u);
    BOOST_TEST(multipart.body.find(R"({"name":"title","value":"my picture"})") != std::string::npos);
    auto described = fmt::format(R"("filename":"bytes.bin","content_type":"application/octet-stream","size":3000,"sha256":"{}")",
                                 coronet::sha256_hex(file));
    BOOST_TEST(multipart.body.find(described) != std::string::npos);
    // Malformed: a clear 400, not a closed connection.
    auto bad = app.ask("POST", "/echo", json_accept + "Content-Type: application/x-www-form-urlencoded\r\n", "a=%zz");
    BOOST_TEST(bad.status == 400u);
    BOOST_TEST(bad.body.find("percent-encoding") != std::string::npos);
#ifdef CORONET_CURL_BIN
    // A real client builds the multipart body: curl -F.
    write_file(dir.path() / "note.txt", "你好\n");
    auto curl = run_program({CORONET_CURL_BIN, "-sS", "--max-time", "5", "-H", "Accept: application/json", "-F", "title=曲奇",
                             "-F",
                     fmt::format("file=@{};type=text/plain", (dir.path() / "note.txt").string()),
                     fmt::format("http://127.0.0.1:{}/echo", app.port)});
    BOOST_TEST(curl.status == 0);
    BOOST_TEST(curl.out.find(R"({"name":"title","value":"曲奇"})") != std::string::npos);
    BOOST_TEST(curl.out.find(fmt::format(R"("sha256":"{}")", coronet::sha256_hex("你好\n"))) != std::string::npos);
#endif
    app.stop();
}

BOOST_AUTO_TEST_CASE(the_raw_request_page_shows_what_was_sent) {
    temp_directory dir;
    homepage_app app{dir.path()};
    tcp_client c{app.port};
    const std::string sent = "POST /echo/request?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nuser-agent: test/1.0\r\n"
                             "X-Twice: a\r\nX-Twice: b\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                             "Content-Length: 14\r\n\r\nmessage=hi+you";
    c.send(sent);
    auto plain = parse_http_reply(c.receive_http_response());
    BOOST_TEST(plain.status == 200u);
    BOOST_TEST(plain.header("Content-Type") == "text/plain; charset=utf-8");
    BOOST_TEST(plain.body == sent);

    auto page = app.get("/echo/request", browser_accept + "X-Markup: <script>&\r\n");
    BOOST_TEST(page.header("Content-Type") == "text/html; charset=utf-8");
    BOOST_TEST(page.body.find("GET /echo/request HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html") != std::string::npos);
    BOOST_TEST(page.body.find("X-Markup: &lt;script&gt;&amp;\r\n") != std::string::npos);
    BOOST_TEST(page.body.find("<script>") == std::string::npos);
    app.stop();
}

BOOST_AUTO_TEST_CASE(the_dictionary_is_served_under_dict) {
    temp_directory dir;
    homepage_app app{dir.path()};
    auto bare = app.get("/dict", browser_accept);
    BOOST_TEST((bare.status == 301u || bare.status == 302u || bare.status == 308u));
    BOOST_TEST(bare.header("Location") == "/dict/");
    auto search = app.get("/dict/", browser_accept);
    BOOST_TEST(search.status == 200u);
    BOOST_TEST(search.body.find("<title>Dictionary</title>") != std::string::npos);
    auto hello = app.get("/dict/words/hello", json_accept);   // from the bundled word book
    BOOST_TEST(hello.status == 200u);
    BOOST_TEST(hello.body.find(R"("word":"hello")") != std::string::npos);
    BOOST_TEST(hello.body.find("你好") != std::string::npos);
    auto listed = app.get("/dict/words?prefix=hel&limit=3", json_accept);
    BOOST_TEST(listed.status == 200u);
    BOOST_TEST(listed.body.find(R"("hello")") != std::string::npos);
    auto miss = app.get("/dict/words/helo", json_accept);
    BOOST_TEST(miss.status == 404u);
    BOOST_TEST(miss.body.find("hello") != std::string::npos);
    BOOST_TEST(app.get("/dict/?q=hello").status == 303u);
    // No write token for the dictionary here: it is read-only.
    BOOST_TEST(app.ask("PUT", "/dict/words/hello", "Authorization: Bearer x\r\n", "n. changed").status == 405u);
    app.stop();
    // The store was made on the first run and is reused: still there after a restart.
    homepage_app again{dir.path()};
    BOOST_TEST(again.get("/dict/words/hello", json_accept).status == 200u);
    again.stop();
}

BOOST_AUTO_TEST_CASE(uploads_need_the_token_and_stay_inside_their_directory) {
    temp_directory dir;
    homepage_app app{dir.path(), {"--upload-token", "s3cret"}};
    const std::string token = "Authorization: Bearer s3cret\r\n";
    BOOST_TEST(app.ask("PUT", "/uploads/a.txt", {}, "one").status == 401u);
    BOOST_TEST(app.ask("PUT", "/uploads/a.txt", "Authorization: Bearer wrong\r\n", "one").status == 403u);
    BOOST_TEST(app.ask("DELETE", "/uploads/a.txt", "Authorization: Bearer wrong\r\n").status == 403u);
    BOOST_TEST(!fs::exists(dir.path() / "uploads" / "a.txt"));

    auto created = app.ask("PUT", "/uploads/a.txt", token, "one");
    BOOST_TEST(created.status == 201u);
    BOOST_TEST(created.header("Location") == "/uploads/a.txt");
    BOOST_TEST(read_file(dir.path() / "uploads" / "a.txt") == "one");
    auto got = app.get("/uploads/a.txt");
    BOOST_TEST(got.status == 200u);
    BOOST_TEST(got.body == "one");
    BOOST_TEST(got.header("Content-Type") == "text/plain; charset=utf-8");
    BOOST_TEST(app.ask("PUT", "/uploads/a.txt", token, "two").status == 204u);
    BOOST_TEST(app.get("/uploads/a.txt").body == "two");
    BOOST_TEST(app.get("/uploads/", browser_accept).body.find("a.txt") != std::string::npos);   // the listing

    // Out of the uploads directory, or into the read-only docroot: refused, nothing written.
    for (auto target : {"/uploads/../index.html", "/uploads/%2e%2e/index.html", "/uploads/..%2Findex.html",
                        "/uploads/%2E%2E%2F%2E%2E%2Fescaped.txt", "/uploads/a%5C..%5C..%5Cescaped.txt"}) {
        auto res = app.ask("PUT", target, token, "defaced");
        BOOST_TEST_INFO(target);
        BOOST_TEST(res.status >= 400u);
    }
    BOOST_TEST(app.ask("PUT", "/index.html", token, "defaced").status == 405u);
    BOOST_TEST(read_file(bundled / "index.html").find("defaced") == std::string::npos);
    BOOST_TEST(!fs::exists(dir.path() / "escaped.txt"));
    BOOST_TEST(!fs::exists(dir.path() / "index.html"));

    BOOST_TEST(app.ask("DELETE", "/uploads/a.txt", token).status == 204u);
    BOOST_TEST(app.get("/uploads/a.txt").status == 404u);
    BOOST_TEST(app.ask("DELETE", "/uploads/a.txt", token).status == 404u);
    // The rest of the site is still there.
    BOOST_TEST(app.get("/").status == 200u);
    app.stop();
}

BOOST_AUTO_TEST_CASE(a_body_over_the_limit_is_answered_413) {
    temp_directory dir;
    homepage_app app{dir.path(), {"--upload-token", "s3cret", "--max-body-bytes", "1000"}};
    const std::string token = "Authorization: Bearer s3cret\r\n";
    BOOST_TEST(app.ask("PUT", "/uploads/big.bin", token, std::string(1001, 'x')).status == 413u);
    BOOST_TEST(app.ask("PUT", "/uploads/fits.bin", token, std::string(1000, 'x')).status == 201u);
    auto form = json_accept + "Content-Type: application/x-www-form-urlencoded\r\n";
    BOOST_TEST(app.ask("POST", "/echo", form, "a=" + std::string(1000, 'x')).status == 413u);
    app.stop();
}

BOOST_AUTO_TEST_CASE(another_docroot_is_served_instead) {
    temp_directory dir;
    fs::create_directories(dir.path() / "site" / "sub");
    write_file(dir.path() / "site" / "index.html", "<!DOCTYPE html><p>another site</p>\n");
    write_file(dir.path() / "site" / "notes.txt", "plain\n");
    write_file(dir.path() / "site" / "sub" / "index.html", "<p>below</p>\n");
    homepage_app app{dir.path(), {"--docroot", (dir.path() / "site").string()}};
    auto home = app.get("/");
    BOOST_TEST(home.status == 200u);
    BOOST_TEST(home.body == "<!DOCTYPE html><p>another site</p>\n");
    BOOST_TEST(app.get("/notes.txt").header("Content-Type") == "text/plain; charset=utf-8");
    BOOST_TEST(app.get("/sub").status == 301u);
    BOOST_TEST(app.get("/sub/").body == "<p>below</p>\n");
    BOOST_TEST(app.get("/style.css").status == 404u);   // the bundled site is not served
    BOOST_TEST(app.get("/dict/words/hello", json_accept).status == 200u);   // the modules still are
    auto form = json_accept + "Content-Type: application/x-www-form-urlencoded\r\n";
    BOOST_TEST(app.ask("POST", "/echo", form, "a=1").status == 200u);
    app.stop();
}

BOOST_AUTO_TEST_CASE(the_installed_binary_finds_its_installed_docroot) {
    temp_directory dir;
    auto prefix = dir.path() / "prefix";
    auto install =
        run_program({CORONET_CMAKE_BIN, "--install", CORONET_BUILD_DIR, "--component", "homepage", "--prefix", prefix.string()});
    BOOST_TEST_INFO(install.out);
    BOOST_REQUIRE(install.status == 0);
    auto installed = prefix / "share" / "coronet" / "homepage";
    for (auto file : {"index.html", "form.html", "style.css", "favicon.ico", "images/coronet.svg"})
        BOOST_TEST(read_file(installed / file) == read_file(bundled / file), file);
    // Marked, to tell the installed copy from the source tree's.
    write_file(installed / "index.html", "<p>the installed homepage</p>\n");
    homepage_app app{dir.path(), {}, (prefix / "bin" / "coronet-homepage").string()};
    BOOST_TEST(app.get("/").body == "<p>the installed homepage</p>\n");
    BOOST_TEST(app.get("/style.css").status == 200u);
    app.stop();
}

namespace {

// A process's resident memory (VmRSS), in bytes; 0 when it cannot be read.
std::size_t resident_bytes(int pid) {
    auto status = read_file(fmt::format("/proc/{}/status", pid));
    auto at = status.find("VmRSS:");
    return at == std::string::npos ? 0 : std::stoul(status.substr(at + 6)) * 1024;   // "VmRSS:   1234 kB"
}

// The sockets a process holds open: its listener and its connections.
std::size_t open_sockets(int pid) {
    std::error_code ec, gone;   // a descriptor closed while listed is not counted
    std::size_t n = 0;
    for (fs::directory_iterator it(fmt::format("/proc/{}/fd", pid), ec), end; !ec && it != end; it.increment(ec))
        n += fs::read_symlink(it->path(), gone).string().starts_with("socket:");
    return n;
}

// A client that asks for `target` with a small receive buffer, so little of the answer waits on
// its side, and reads only what `enough` wants.
std::unique_ptr<tcp_client> asking(std::uint16_t port, std::string_view target) {
    auto c = std::make_unique<tcp_client>(port);
    int small = 64 * 1024;
    ::setsockopt(c->fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    c->send(fmt::format("GET {} HTTP/1.1\r\nHost: t\r\n\r\n", target));
    return c;
}

}  // namespace

// Three clients stream PUTs into /uploads/, each replacing one of a few names of its own, and the
// server is killed with SIGKILL at a random moment, then started again on the same directory;
// N rounds (CORONET_KILL_ROUNDS, 5 in the suite). After each restart: every acknowledged upload
// (201 or 204, sent once the file and its directory are fsync'ed) is there with exactly its
// bytes, each upload in flight whole or not at all, nothing else is in the directory (the
// restarted server removed the temporary files of the kill, and logged how many), and the
// listing of /uploads/ names exactly these files.
BOOST_AUTO_TEST_CASE(acknowledged_uploads_survive_sigkill) {
    temp_directory dir;
    upload_kill_rounds kills(dir.path() / "uploads", dir.path(), ".coronet-part-");
    for (int start = 0; start < kills.starts(); ++start) {
        homepage_app app{dir.path(), {"--upload-token", "s3cret", "--log-level", "info", "--log-file", kills.log_for(start).string()}};
        kills.check_after_start(start);
        auto listing = app.get("/uploads/", browser_accept).body;
        BOOST_TEST(occurrences(listing, "<li>") == kills.files().size(), listing);
        for (const auto& [name, file] : kills.files()) BOOST_TEST(listing.find(fmt::format(">{}<", name)) != std::string::npos, name);
        if (kills.last(start)) {
            app.stop();
            break;
        }
        kills.kill_during_uploads(*app.process, app.port, start, [](tcp_client& c, const std::string& name, const std::string& content) {
            c.send(fmt::format("PUT /uploads/{} HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer s3cret\r\nContent-Length: {}\r\n\r\n",
                               name, content.size()));
            c.send(content);
            auto status = parse_http_reply(c.receive_http_response(20s)).status;   // after an fsync
            return status == 201u || status == 204u;
        });
    }
}

// A 32 MiB docroot file, sent with sendfile to a client that has read 1 MiB and stopped reading:
// cut to 16 MiB meanwhile, the response ends where the file now ends: the connection closes
// after the 16 MiB there are, each byte the file's own (a short body: no garbage, no hang),
// logged once. (At most ~5 MiB can have left by then: 1 MiB read, the client's small receive
// buffer, the server's socket buffer of at most 4 MiB; so the cut is mid-transfer.) Removed
// (unlinked) instead, the file is sent whole: the server holds it open, so its bytes live
// until the response is done. Another client is served meanwhile.
BOOST_AUTO_TEST_CASE(a_docroot_file_truncated_or_removed_during_a_transfer) {
    temp_directory dir;
    auto site = dir.path() / "site", log = dir.path() / "server.log";
    fs::create_directories(site);
    constexpr std::size_t size = 32 << 20, cut = 16 << 20, read_first = 1 << 20;
    std::string content(size, '\0');
    for (std::size_t i = 0; i < size; i += 8) std::memcpy(content.data() + i, &i, 8);   // each word holds its offset
    write_file(site / "index.html", "<p>home</p>\n");
    write_file(site / "cut.bin", content);
    write_file(site / "gone.bin", content);
    homepage_app app{dir.path(), {"--docroot", site.string(), "--log-file", log.string()}};
    auto head_and = [](std::size_t body_bytes) {
        return [body_bytes](std::string_view got) {
            auto head_end = got.find("\r\n\r\n");
            return head_end != std::string_view::npos && got.size() >= head_end + 4 + body_bytes;
        };
    };

    auto reader = asking(app.port, "/cut.bin");
    auto got = reader->receive(5s, head_and(read_first));
    BOOST_TEST_REQUIRE(got.starts_with("HTTP/1.1 200 OK\r\n"));
    auto other = app.get("/index.html");
    BOOST_TEST(other.status == 200u);
    BOOST_TEST(other.body == "<p>home</p>\n");
    fs::resize_file(site / "cut.bin", cut);
    got += reader->receive_all(10s);
    BOOST_TEST(reader->closed_within(1ms));   // the end came from the server, not from the time limit
    auto reply = parse_http_reply(got);
    BOOST_TEST(reply.header("Content-Length") == std::to_string(size));
    BOOST_TEST(reply.body.size() == cut);
    BOOST_TEST((reply.body == std::string_view(content).substr(0, reply.body.size())), "bytes out of place");
    auto logged = read_file(log);
    BOOST_TEST(occurrences(logged, fmt::format("GET /cut.bin: the file ended after {} of {} bytes", cut, size)) == 1u, logged);

    auto keeps_reading = asking(app.port, "/gone.bin");
    got = keeps_reading->receive(5s, head_and(read_first));
    BOOST_TEST_REQUIRE(got.starts_with("HTTP/1.1 200 OK\r\n"));
    fs::remove(site / "gone.bin");
    BOOST_TEST(app.get("/gone.bin").status == 404u);   // for a new request, it is gone
    auto whole = got.find("\r\n\r\n") + 4 + size;   // bytes in the whole response
    got += keeps_reading->receive(10s, [&](std::string_view more) { return got.size() + more.size() >= whole; });
    reply = parse_http_reply(got);
    BOOST_TEST(reply.body.size() == size);
    BOOST_TEST((reply.body == content), "bytes out of place");
    // The response was whole, so the connection goes on.
    keeps_reading->send("GET /index.html HTTP/1.1\r\nHost: t\r\n\r\n");
    BOOST_TEST(parse_http_reply(keeps_reading->receive_http_response()).body == "<p>home</p>\n");
    BOOST_TEST(occurrences(read_file(log), "the file ended after") == 1u);
    app.stop();
}

// 50 clients ask for a 16 MiB file and never read; 10 more send 300 pipelined requests each (a
// page, a dictionary lookup, a 128 KiB file) and never read. The server's resident memory stays
// within 20 MiB of what it was before: what waits for these clients is in the kernel's socket
// buffers, and a connection costs the server only its own state (a request buffer, a coroutine
// frame: tens of KiB); had the server buffered the answers, 50 x 16 MiB would be 800 MiB.
// Another client is served meanwhile, and the write timeout (1 s here) cuts every stalled
// connection, each logged.
BOOST_AUTO_TEST_CASE(clients_that_never_read_do_not_grow_the_servers_memory) {
    temp_directory dir;
    auto site = dir.path() / "site", log = dir.path() / "server.log";
    fs::create_directories(site);
    write_file(site / "index.html", "<p>home</p>\n");
    write_file(site / "big.bin", std::string(16 << 20, 'b'));
    write_file(site / "medium.bin", std::string(128 << 10, 'm'));
    homepage_app app{dir.path(),
                     {"--docroot", site.string(), "--write-timeout", "1", "--log-level", "info", "--log-file", log.string()}};
    const int pid = app.process->pid();
    const auto sockets = open_sockets(pid);   // the listener's, before any connection
    // Every kind of answer once, so that what the first of each allocates is in the baseline.
    for (auto target : {"/big.bin", "/medium.bin", "/index.html", "/dict/words/hello"})
        BOOST_TEST(app.get(target, json_accept).status == 200u, target);
    BOOST_TEST(wait_until([&] { return open_sockets(pid) == sockets; }));   // the server closed them too
    const auto before = resident_bytes(pid);
    BOOST_TEST_REQUIRE(before > 0u);
    auto peak = before;
    auto sample = [&] { peak = std::max(peak, resident_bytes(pid)); };

    constexpr int large = 50, pipelined = 10;
    std::vector<std::unique_ptr<tcp_client>> stalled;
    for (int i = 0; i < large; ++i) {
        stalled.push_back(asking(app.port, "/big.bin"));
        sample();
    }
    std::string pipeline;
    for (int i = 0; i < 100; ++i)
        for (auto target : {"/index.html", "/dict/words/hello", "/medium.bin"})
            pipeline += fmt::format("GET {} HTTP/1.1\r\nHost: t\r\nAccept: application/json\r\n\r\n", target);
    for (int i = 0; i < pipelined; ++i) {
        stalled.push_back(asking(app.port, "/index.html"));
        stalled.back()->send(pipeline);
        sample();
    }
    BOOST_TEST(wait_until([&] { sample(); return open_sockets(pid) >= sockets + large + pipelined; }));
    auto served = app.get("/index.html");
    BOOST_TEST(served.status == 200u);
    BOOST_TEST(app.get("/dict/words/hello", json_accept).status == 200u);
    // Memory is watched until the write timeout has cut every stalled connection.
    BOOST_TEST(wait_until([&] { sample(); return occurrences(read_file(log), "(write_timeout)") >= large + pipelined; }, 10s));
    BOOST_TEST(occurrences(read_file(log), "(write_timeout)") == std::size_t{large + pipelined});
    BOOST_TEST_MESSAGE("VmRSS " << before / 1024 << " KiB before, at most " << peak / 1024 << " KiB while " << large + pipelined
                                << " clients did not read");
    auto growth = peak - before;
    BOOST_TEST(growth < (std::size_t{20} << 20));
    BOOST_TEST(wait_until([&] { return open_sockets(pid) == sockets; }));
    BOOST_TEST(app.get("/index.html").status == 200u);
    app.stop();
}
