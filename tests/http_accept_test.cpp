// Content negotiation on Accept, without a socket.
#include <boost/test/unit_test.hpp>

#include <coronet/http/accept.hpp>

namespace http = coronet::http;

BOOST_AUTO_TEST_CASE(most_specific_range_wins) {
    constexpr auto accept = "text/*;q=0.3, text/html;q=0.7, */*;q=0.1";
    BOOST_TEST(http::accept_quality(accept, "text/html") == 0.7);
    BOOST_TEST(http::accept_quality(accept, "text/plain") == 0.3);
    BOOST_TEST(http::accept_quality(accept, "image/png") == 0.1);
    BOOST_TEST(http::accept_quality("", "text/html") == 0.0);
    BOOST_TEST(http::accept_quality("text/html;q=abc", "text/html") == 0.0);   // unreadable q
    BOOST_TEST(http::accept_quality("TEXT/HTML", "text/html") == 1.0);
    for (const char* bad : {"text/html;q=nan", "text/html;q=inf", "text/html;q=2", "text/html;q=-1"})
        BOOST_TEST(http::accept_quality(bad, "text/html") == 0.0, bad);     // out of range: unreadable
    BOOST_TEST(http::prefers_html("text/html, application/json;q=inf"));    // junk q does not outrank html
}

BOOST_AUTO_TEST_CASE(browsers_get_html_and_api_clients_json) {
    // What Chromium and Firefox send for a page.
    BOOST_TEST(http::prefers_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
    BOOST_TEST(!http::prefers_html("application/json"));
    BOOST_TEST(!http::prefers_html("*/*"));            // curl: a tie goes to JSON
    BOOST_TEST(!http::prefers_html(""));
    BOOST_TEST(!http::prefers_html("text/html;q=0.5, application/json"));
    BOOST_TEST(http::prefers_html("text/html, application/json;q=0.5"));
}
