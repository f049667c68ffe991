#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include <coronet/handlers/file_protocol.hpp>

using namespace coronet::handlers::file_protocol;

namespace {
const std::string digest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";   // of ""
}

BOOST_AUTO_TEST_CASE(a_put_carries_size_digest_and_a_name_with_spaces) {
    auto p = parse_request("PUT 1234 " + digest + " my holiday photo.jpg");
    BOOST_REQUIRE(p.value);
    BOOST_TEST((p.value->verb == command::put));
    BOOST_TEST(p.value->size == 1234u);
    BOOST_TEST(p.value->sha256 == digest);
    BOOST_TEST(p.value->name == "my holiday photo.jpg");
}

BOOST_AUTO_TEST_CASE(sizes_are_64_bit_decimal) {
    BOOST_TEST(parse_size("0").value() == 0u);
    BOOST_TEST(parse_size("18446744073709551615").value() == 18446744073709551615ull);
    for (auto bad : {"", "-1", "+1", "01", "1x", " 1", "18446744073709551616", "1e3"})
        BOOST_TEST(!parse_size(bad).has_value(), bad);
    auto huge = parse_request("PUT 18446744073709551615 " + digest + " big");
    BOOST_REQUIRE(huge.value);
    BOOST_TEST(huge.value->size == 18446744073709551615ull);
}

BOOST_AUTO_TEST_CASE(an_uppercase_digest_is_taken_lowercased) {
    std::string upper = digest;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto p = parse_request("PUT 0 " + upper + " x");
    BOOST_REQUIRE(p.value);
    BOOST_TEST(p.value->sha256 == digest);
}

BOOST_AUTO_TEST_CASE(get_and_list) {
    auto g = parse_request("GET 报告 2024.txt");
    BOOST_REQUIRE(g.value);
    BOOST_TEST((g.value->verb == command::get));
    BOOST_TEST(g.value->name == "报告 2024.txt");
    auto l = parse_request("LIST");
    BOOST_REQUIRE(l.value);
    BOOST_TEST((l.value->verb == command::list));
}

BOOST_AUTO_TEST_CASE(malformed_requests_are_bad_requests) {
    for (const std::string& line : std::vector<std::string>{"", "get x", "FETCH x", "LIST x", "GET", "PUT", "PUT 10", "PUT x " + digest + " a",
                             "PUT 10 abc a", "PUT 10 " + digest, "PUT -1 " + digest + " a", "PUT 10  " + digest + " a"}) {
        auto p = parse_request(line);
        BOOST_TEST(!p.value.has_value(), line);
        BOOST_TEST((p.code == status_code::bad_request), line);
        BOOST_TEST(!p.problem.empty(), line);
    }
}

BOOST_AUTO_TEST_CASE(bad_names_are_told_apart_from_bad_requests) {
    for (const std::string& line : std::vector<std::string>{"GET ../secret", "GET /etc/passwd", "GET .", "GET a/b", "PUT 0 " + digest + " ..",
                             "PUT 0 " + digest + " ", "GET  lead"}) {
        auto p = parse_request(line);
        BOOST_TEST(!p.value.has_value(), line);
        BOOST_TEST((p.code == status_code::bad_name), line);
    }
}

BOOST_AUTO_TEST_CASE(replies_parse_and_format_back) {
    auto ok = parse_reply("OK 5 " + digest);
    BOOST_REQUIRE(ok);
    BOOST_TEST(ok->ok);
    BOOST_TEST(ok->size == 5u);
    BOOST_TEST(ok->sha256 == digest);
    auto listing = parse_reply("OK 42");
    BOOST_REQUIRE(listing);
    BOOST_TEST(listing->sha256.empty());
    auto err = parse_reply("ERR not-found no file named x");
    BOOST_REQUIRE(err);
    BOOST_TEST(!err->ok);
    BOOST_TEST((err->code == status_code::not_found));
    BOOST_TEST(err->message == "no file named x");
    for (auto bad : {"", "OK", "OK x", "OK 5 abc", "ERR", "ERR no-such-code x", "CONTINUE", "ok 5"})
        BOOST_TEST(!parse_reply(bad).has_value(), bad);

    BOOST_TEST(format_ok(5, digest) == "OK 5 " + digest + "\n");
    BOOST_TEST(format_ok(42) == "OK 42\n");
    BOOST_TEST(format_put(3, digest, "a b") == "PUT 3 " + digest + " a b\n");
    BOOST_TEST(format_get("a b") == "GET a b\n");
    BOOST_TEST(format_list() == "LIST\n");
    BOOST_TEST(format_error(status_code::io_error, "line one\nline two") == "ERR io-error line one line two\n");
}

BOOST_AUTO_TEST_CASE(a_get_trailer_carries_the_digest_after_the_bytes) {
    BOOST_TEST(format_trailer(digest) == "SHA256 " + digest + "\n");
    BOOST_TEST(parse_trailer("SHA256 " + digest).value() == digest);
    std::string upper = digest;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    BOOST_TEST(parse_trailer("SHA256 " + upper).value() == digest);
    std::string bad_hex = digest;
    bad_hex[10] = 'g';
    for (const std::string& line : std::vector<std::string>{
             "SHA256 " + bad_hex, "SHA256 " + digest.substr(1), "SHA256 " + digest + "0", "SHA256 " + digest + " ",
             "SHA256  " + digest,                                                       // bad hex (length, spacing)
             "sha256 " + digest, "SHA-256 " + digest, "OK " + digest, "ERR io-error x",  // wrong keyword
             "SHA256", "SHA256 ", "", digest})                                          // missing
        BOOST_TEST(!parse_trailer(line).has_value(), line);
}

BOOST_AUTO_TEST_CASE(every_status_code_has_a_name_that_parses_back) {
    for (auto code : {status_code::bad_request, status_code::bad_name, status_code::not_found, status_code::too_large,
                      status_code::no_space, status_code::size_mismatch, status_code::digest_mismatch, status_code::io_error})
        BOOST_TEST((parse_status_code(to_string(code)) == code), to_string(code));
}
