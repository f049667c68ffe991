// coronet-homepage in a real browser: the real binary on a free port, and headless Chromium
// (driven by homepage_browser_test.mjs) loading the homepage with its style sheet, picture and
// icon, following its links, sending both forms and reading their echo, and reading the raw
// request it sent. The server's access log must then show those requests, and no error.
// Skipped (77) where Chromium cannot be driven: see support/browser_test.hpp.
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <fmt/format.h>

#include "support/browser_test.hpp"
#include "support/test_support.hpp"

using namespace coronet::testing;

BOOST_AUTO_TEST_CASE(homepage_links_and_forms_in_chromium) {
    temp_directory dir;
    auto log = dir.path() / "homepage.log";
    child_process app({CORONET_HOMEPAGE_BIN, "--port", "0", "--db", (dir.path() / "words.db").string(), "--threads", "2",
                       "--log-file", log.string()});
    auto line = app.wait_for_line("http listening on 127.0.0.1:");
    BOOST_REQUIRE(line);

    auto script = run_browser_script(CORONET_BROWSER_SCRIPT, {fmt::format("http://127.0.0.1:{}", port_of(*line))});
    BOOST_TEST_MESSAGE(script.output);
    BOOST_TEST(script.status.value_or(-1) == 0, "the browser script failed:\n" << script.output);
    app.signal(SIGTERM);
    BOOST_TEST(app.wait_exit().value_or(-1) == 0);

    // The browser's own requests, as the server logged them: "METHOD TARGET HTTP/1.1" STATUS.
    auto logged = read_file(log);
    BOOST_TEST_MESSAGE(logged);
    for (auto request : {"\"GET / HTTP/1.1\" 200", "\"GET /style.css HTTP/1.1\" 200", "\"GET /images/coronet.svg HTTP/1.1\" 200",
                         "\"GET /favicon.ico HTTP/1.1\" 200", "\"GET /form.html HTTP/1.1\" 200", "\"POST /echo HTTP/1.1\" 200",
                         "\"POST /echo/request HTTP/1.1\" 200", "\"GET /dict/ HTTP/1.1\" 200"})
        BOOST_TEST(logged.find(request) != std::string::npos, request);
    for (auto failure : {"HTTP/1.1\" 4", "HTTP/1.1\" 5"}) BOOST_TEST(logged.find(failure) == std::string::npos, failure);
}
