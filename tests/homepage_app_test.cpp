// Black-box tests of apps/homepage: the real coronet-homepage, started on a free port with its
// store and uploads in a temporary directory, asked over HTTP for every page and asset of its
// docroot, the form echo, the raw request, the dictionary and uploads, then stopped with a
// signal. Also: another docroot, and the binary and docroot as `cmake --install` lays them out.
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <coronet/sha256.hpp>

#include "support/test_support.hpp"

using namespace coronet::testing;
namespace fs = std::filesystem;

namespace {

const fs::path bundled = CORONET_HOMEPAGE_DOCROOT;

// The app on a free port, its store and uploads in `dir`; `extra` flags after ours.
struct homepage_app {
    explicit homepage_app(const fs::path& dir, std::vector<std::string> extra = {},
                          std::string binary = CORONET_HOMEPAGE_BIN) {
        std::vector<std::string> argv{std::move(binary), "--port", "0", "--db", (dir / "words.db").string(),
                                      "--uploads", (dir / "uploads").string(), "--threads", "2", "--log-level", "warn"};
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
                      "--threads", "--log-level", "--log-file"})
        BOOST_TEST(help.out.find(flag) != std::string::npos, flag);
    BOOST_TEST(help.out.find(fs::canonical(bundled).string()) != std::string::npos, "the default docroot is shown");
    temp_directory dir;
    auto db = (dir.path() / "words.db").string();
    BOOST_TEST(run_program({CORONET_HOMEPAGE_BIN, "--db", db, "--port", "70000"}).status == 2);
    BOOST_TEST(run_program({CORONET_HOMEPAGE_BIN, "--db", db, "--port", "-1"}).status == 2);
    BOOST_TEST(run_program({CORONET_HOMEPAGE_BIN, "--db", db, "--port", "off"}).status == 2);
    BOOST_TEST(run_program({CORONET_HOMEPAGE_BIN, "--db", db, "--log-level", "loud"}).status == 2);
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
