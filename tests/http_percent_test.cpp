// Percent-encoding and decoding, without a socket.
#include <boost/test/unit_test.hpp>

#include <coronet/http/percent.hpp>

namespace http = coronet::http;

BOOST_AUTO_TEST_CASE(decodes_escapes_and_optionally_plus) {
    BOOST_TEST(http::percent_decode("a%20b%2Fc").value_or("?") == "a b/c");
    BOOST_TEST(http::percent_decode("a+b").value_or("?") == "a+b");
    BOOST_TEST(http::percent_decode("a+b", true).value_or("?") == "a b");
    BOOST_TEST(http::percent_decode("%e8%AF%8D").value_or("?") == "\xe8\xaf\x8d");
    BOOST_TEST(http::percent_decode("%00").value_or("?") == std::string(1, '\0'));
}

BOOST_AUTO_TEST_CASE(malformed_escapes_are_refused) {
    for (const char* bad : {"%", "%2", "%zz", "a%g0", "100%"}) BOOST_TEST(!http::percent_decode(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(encodes_all_but_unreserved) {
    BOOST_TEST(http::percent_encode("AZaz09-._~") == "AZaz09-._~");
    BOOST_TEST(http::percent_encode("a b/c?d#e&f=g+h%") == "a%20b%2Fc%3Fd%23e%26f%3Dg%2Bh%25");
    BOOST_TEST(http::percent_encode("\"<'>") == "%22%3C%27%3E");
    BOOST_TEST(http::percent_encode("词") == "%E8%AF%8D");
    BOOST_TEST(http::percent_encode(std::string_view("\0\xff", 2)) == "%00%FF");
}

BOOST_AUTO_TEST_CASE(round_trip) {
    std::string all;
    for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
    BOOST_TEST(http::percent_decode(http::percent_encode(all)).value_or("?") == all);
}
