// Structured header values (Content-Type, Content-Disposition), without a socket.
#include <boost/test/unit_test.hpp>

#include <coronet/http/header_value.hpp>

namespace http = coronet::http;

BOOST_AUTO_TEST_CASE(token_is_trimmed_and_lowercased) {
    auto v = http::parse_header_value("  Text/HTML  ");
    BOOST_TEST(v.token == "text/html");
    BOOST_TEST(v.params.empty());
    BOOST_TEST(http::parse_header_value("").token == "");
}

BOOST_AUTO_TEST_CASE(parameters_plain_and_quoted) {
    auto v = http::parse_header_value(R"(multipart/form-data; Boundary="a;b=\"c\""; charset=UTF-8)");
    BOOST_TEST(v.token == "multipart/form-data");
    BOOST_TEST(v.param("boundary").value_or("?") == R"(a;b="c")");
    BOOST_TEST(v.param("charset").value_or("?") == "UTF-8");    // values keep their case
    BOOST_TEST(!v.param("missing").has_value());
}

BOOST_AUTO_TEST_CASE(tolerates_malformed_parameters) {
    auto v = http::parse_header_value(R"(form-data; flag; name="field; filename="unterminated)");
    BOOST_TEST(v.token == "form-data");
    BOOST_TEST(!v.param("flag").has_value());              // no '=': ignored
    BOOST_TEST(v.param("name").value_or("?") == "field; filename=");
    BOOST_TEST(!v.param("unterminated").has_value());
}
