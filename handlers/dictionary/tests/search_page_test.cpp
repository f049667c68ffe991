// The dictionary's search page through the router: where it is served under a prefix, its
// headers, the redirects of the bare prefix and of the form sent without JavaScript, and the
// way back to it from the other pages. (search_page_browser_test types into it in Chromium.)
#include <boost/test/unit_test.hpp>

#include <sstream>

#include <coronet/handlers/dictionary_routes.hpp>
#include <coronet/http/testing.hpp>

#include "support/test_support.hpp"

using namespace coronet;
using namespace coronet::testing;
using handlers::dictionary_store;

namespace {

constexpr const char* browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

// A store with a few words, mounted under `prefix`.
struct fixture {
    temp_directory dir;
    std::shared_ptr<dictionary_store> store = std::make_shared<dictionary_store>(dir.path() / "words.db");
    http::router routes;

    explicit fixture(std::string_view prefix = "/dict") {
        std::istringstream book("hello 你好\nhelp n. aid\nworld n. 世界\n");
        store->import_wordbook(book);
        handlers::mount_dictionary(routes, prefix, store);
    }

    http::response get(std::string target, std::string_view accept = browser_accept) {
        http::fields h;
        h.add("Accept", std::string(accept));
        return http::invoke(routes, {http::method::get, std::move(target), {}, std::move(h)});
    }
};

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(page_is_served_at_the_prefix_with_a_slash) {
    fixture f;
    auto res = f.get("/dict/");
    BOOST_TEST(res.status == 200u);
    BOOST_TEST(res.headers.get("Content-Type") == "text/html; charset=utf-8");
    BOOST_TEST(res.headers.get("Cache-Control") == "public, max-age=300");
    BOOST_TEST(contains(res.body, "<meta charset=\"utf-8\">"));
    BOOST_TEST(contains(res.body, "<form id=\"search\" action=\"./\" method=\"get\""));
    BOOST_TEST(contains(res.body, "name=\"q\""));
    // An API client gets the same page: it is a page, not a representation of data.
    BOOST_TEST(f.get("/dict/", "application/json").body == res.body);
}

// The page's links and fetches are relative to it, so it works under any prefix unchanged.
BOOST_AUTO_TEST_CASE(page_urls_are_relative_so_any_prefix_works) {
    fixture under_dict("/dict");
    fixture deeper("/a/b/");
    fixture at_root("/");
    auto page = under_dict.get("/dict/").body;
    BOOST_TEST(deeper.get("/a/b/").body == page);
    BOOST_TEST(at_root.get("/").body == page);
    BOOST_TEST(contains(page, "\"words?prefix=\""));
    BOOST_TEST(contains(page, "\"words/\" + encodeURIComponent"));
    BOOST_TEST(!contains(page, "\"/words"));
    BOOST_TEST(!contains(page, "'/words"));
}

// Data reaches the page only through textContent; innerHTML would parse a word as markup.
BOOST_AUTO_TEST_CASE(page_script_never_parses_data_as_html) {
    auto page = fixture{}.get("/dict/").body;
    BOOST_TEST(contains(page, ".textContent = entry.explanation"));
    for (const char* sink : {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"})
        BOOST_TEST(!contains(page, sink), sink);
}

BOOST_AUTO_TEST_CASE(bare_prefix_redirects_to_the_page) {
    fixture f("/dict");
    auto res = f.get("/dict");
    BOOST_TEST(res.status == 301u);
    BOOST_TEST(res.headers.get("Location") == "/dict/");
    BOOST_TEST(f.get("/dict?q=hello").headers.get("Location") == "/dict/?q=hello");   // the query goes along

    fixture deeper("/a/b");
    BOOST_TEST(deeper.get("/a/b").headers.get("Location") == "/a/b/");
}

BOOST_AUTO_TEST_CASE(form_without_javascript_redirects_to_the_word) {
    fixture f;
    auto res = f.get("/dict/?q=hello");
    BOOST_TEST(res.status == 303u);
    BOOST_TEST(res.headers.get("Location") == "/dict/words/hello");
    // The word is encoded as one path segment: a slash or a '?' in it cannot change the route.
    BOOST_TEST(f.get("/dict/?q=a%2Fb%3F%3C%3E").headers.get("Location") == "/dict/words/a%2Fb%3F%3C%3E");
    // Forms send a space as '+'; the spaces around the word are dropped.
    BOOST_TEST(f.get("/dict/?q=+ice+cream+").headers.get("Location") == "/dict/words/ice%20cream");
    BOOST_TEST(f.get("/dict/?q=%E8%AF%8D%E5%85%B8").headers.get("Location") == "/dict/words/%E8%AF%8D%E5%85%B8");

    fixture at_root("");
    BOOST_TEST(at_root.get("/?q=hello").headers.get("Location") == "/words/hello");
}

BOOST_AUTO_TEST_CASE(empty_query_is_the_page) {
    fixture f;
    for (const char* target : {"/dict/?q=", "/dict/?q=+++", "/dict/?other=1"}) {
        auto res = f.get(target);
        BOOST_TEST(res.status == 200u, target);
        BOOST_TEST(contains(res.body, "<form id=\"search\""), target);
    }
}

BOOST_AUTO_TEST_CASE(bad_query_is_400) {
    fixture f;
    auto not_utf8 = f.get("/dict/?q=%FF");
    BOOST_TEST(not_utf8.status == 400u);
    BOOST_TEST(contains(not_utf8.body, "not valid UTF-8"));
    auto malformed = f.get("/dict/?q=%G1", "application/json");
    BOOST_TEST(malformed.status == 400u);
    BOOST_TEST(malformed.headers.get("Content-Type") == "application/json");
    BOOST_TEST(contains(malformed.body, "malformed %-escape"));
}

BOOST_AUTO_TEST_CASE(head_and_other_methods) {
    fixture f;
    auto head = http::invoke(f.routes, {http::method::head, "/dict/"});
    BOOST_TEST(head.status == 200u);
    BOOST_TEST(head.headers.get("Content-Type") == "text/html; charset=utf-8");
    auto post = http::invoke(f.routes, {http::method::post, "/dict/"});
    BOOST_TEST(post.status == 405u);
    BOOST_TEST(post.headers.get("Allow") == "GET, HEAD, OPTIONS");
}

// A reader without JavaScript lands on the word's page; every page leads back to the search.
BOOST_AUTO_TEST_CASE(other_pages_link_back_to_the_search_page) {
    fixture f;
    BOOST_TEST(contains(f.get("/dict/words/hello").body, "<a href=\"/dict/\">Search the dictionary</a>"));
    BOOST_TEST(contains(f.get("/dict/words/helo").body, "<a href=\"/dict/\">Search the dictionary</a>"));
    BOOST_TEST(contains(f.get("/dict/words?prefix=he").body, "<a href=\"/dict/\">Search the dictionary</a>"));
    fixture at_root("");
    BOOST_TEST(contains(at_root.get("/words/hello").body, "<a href=\"/\">Search the dictionary</a>"));
}

BOOST_AUTO_TEST_CASE(page_over_a_socket_with_head) {
    fixture f;
    live_http_server server(f.routes);
    tcp_client c(server.port());
    c.send("GET /dict/ HTTP/1.1\r\nHost: t\r\n\r\n");
    auto get = parse_http_reply(c.receive_http_response());
    c.send("HEAD /dict/ HTTP/1.1\r\nHost: t\r\n\r\n");
    auto head = parse_http_reply(c.receive_http_head());
    BOOST_TEST(get.status == 200u);
    BOOST_TEST(head.status == 200u);
    BOOST_TEST(head.body.empty());
    BOOST_TEST(head.header("Content-Length") == std::to_string(get.body.size()));
    BOOST_TEST(head.header("Cache-Control") == "public, max-age=300");
}
