// The search page in a real browser: headless Chromium, driven by Playwright from a node
// script (search_page_browser_test.mjs), against the dictionary mounted under /dict on a
// loopback server. The script types, picks suggestions with the mouse and the keyboard, looks
// up a missing word, and fails on any failed request, error status or console error.
// Skipped (77) where Chromium cannot be driven: see support/browser_test.hpp.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <sstream>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <coronet/handlers/dictionary_routes.hpp>

#include "support/browser_test.hpp"
#include "support/test_support.hpp"

using namespace coronet;
using namespace coronet::testing;
namespace fs = std::filesystem;

namespace {

// The words the script looks for: Chinese explanations, near misses, and markup that must stay text.
std::shared_ptr<handlers::dictionary_store> make_store(const fs::path& db) {
    auto store = std::make_shared<handlers::dictionary_store>(db);
    std::istringstream book(
        "apple n. 苹果\napplet n. a small program\napply v. 申请\n"
        "hello 你好；喂（用于问候）\nhelmet n. 头盔\nhelp n. aid\n"
        "water n. 水\nwonder v. 想知道\nworld n. 世界\n词典 dictionary\n");
    store->import_wordbook(book);
    store->put(R"(<img src=x onerror="window.pwned=1">)", "<b>not bold</b> & <script>window.pwned=2</script>");
    return store;
}

// Records every request target; holds the answer for prefix "w" until the one for "wo" has
// arrived, so the browser sees the older answer late (it must be dropped, not shown).
http::middleware record_and_reorder(record& seen) {
    return [&seen](http::request& req, const http::handler& next) -> task<http::response> {
        std::string target(req.target());
        seen.add(target);
        if (target == "/dict/words?prefix=w&limit=10") {
            boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
            auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
            while (seen.count("/dict/words?prefix=wo&limit=10") == 0 && std::chrono::steady_clock::now() < deadline) {
                timer.expires_after(std::chrono::milliseconds(5));
                co_await timer.async_wait(boost::asio::use_awaitable);
            }
        }
        co_return co_await next(req);
    };
}

}  // namespace

BOOST_AUTO_TEST_CASE(type_pick_and_miss_in_chromium) {
    temp_directory dir;
    record seen;
    http::router routes;
    routes.use(record_and_reorder(seen));
    handlers::mount_dictionary(routes, "/dict", make_store(dir.path() / "words.db"));
    // Anything outside /dict but the browser's own /favicon.ico is a mistake of the page's URLs.
    routes.get("/favicon.ico", [](http::request&) -> task<http::response> { co_return http::error_page(404); });
    routes.get("/{path...}", [&seen](http::request& req) -> task<http::response> {
        seen.add("outside the prefix");
        co_return http::error_page(500, "outside the dictionary's prefix: " + std::string(req.target()));
    });
    live_http_server server(routes);

    auto script = run_browser_script(CORONET_BROWSER_SCRIPT, {server.url("/dict")});
    BOOST_TEST_MESSAGE(script.output);
    BOOST_TEST(script.status.value_or(-1) == 0, "the browser script failed:\n" << script.output);
    BOOST_TEST(seen.count("outside the prefix") == 0u);
    BOOST_TEST(seen.count("/dict/words?prefix=hel&limit=10") >= 1u);
    BOOST_TEST(seen.count("/dict/words/%3Cimg%20src%3Dx%20onerror%3D%22window.pwned%3D1%22%3E") >= 1u);
    BOOST_TEST(seen.count("/dict/?q=hello") == 1u);   // the form, without JavaScript
}
