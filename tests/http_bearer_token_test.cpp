// The bearer-token guard, without a socket.
#include <boost/test/unit_test.hpp>

#include <coronet/http/bearer_token.hpp>

namespace http = coronet::http;

namespace {
http::request with_authorization(std::string value) {
    http::fields headers;
    if (!value.empty()) headers.set("Authorization", std::move(value));
    return http::request(http::method::put, "/x", "body", std::move(headers));
}
}  // namespace

BOOST_AUTO_TEST_CASE(constant_time_equals_compares_whole_strings) {
    BOOST_TEST(http::constant_time_equals("secret", "secret"));
    BOOST_TEST(!http::constant_time_equals("secreT", "secret"));
    BOOST_TEST(!http::constant_time_equals("secret2", "secret"));   // longer
    BOOST_TEST(!http::constant_time_equals("secre", "secret"));     // a prefix
    BOOST_TEST(!http::constant_time_equals("", "secret"));
    BOOST_TEST(http::constant_time_equals("", ""));
}

BOOST_AUTO_TEST_CASE(missing_token_is_401_with_challenge) {
    for (const char* value : {"", "Basic dXNlcjpwYXNz", "Bearer", "Token secret"}) {
        auto refused = http::refuse_without_bearer_token(with_authorization(value), "secret");
        BOOST_TEST_REQUIRE(refused.has_value(), value);
        BOOST_TEST(refused->status == 401u, value);
        BOOST_TEST(refused->headers.get("WWW-Authenticate") == "Bearer");
    }
}

BOOST_AUTO_TEST_CASE(wrong_token_is_403) {
    for (const char* value : {"Bearer secreT", "Bearer ", "Bearer secret ", "Bearer secretsecret"}) {
        auto refused = http::refuse_without_bearer_token(with_authorization(value), "secret");
        BOOST_TEST_REQUIRE(refused.has_value(), value);
        BOOST_TEST(refused->status == 403u, value);
    }
}

BOOST_AUTO_TEST_CASE(right_token_passes_and_scheme_is_case_insensitive) {
    BOOST_TEST(!http::refuse_without_bearer_token(with_authorization("Bearer secret"), "secret"));
    BOOST_TEST(!http::refuse_without_bearer_token(with_authorization("bearer secret"), "secret"));
}

BOOST_AUTO_TEST_CASE(empty_expected_token_refuses_everyone) {
    auto refused = http::refuse_without_bearer_token(with_authorization("Bearer "), "");
    BOOST_TEST_REQUIRE(refused.has_value());
    BOOST_TEST(refused->status == 403u);
}
