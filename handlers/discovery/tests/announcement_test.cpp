// The announcement datagram: formatted and parsed back, and what a parser must refuse.
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>

#include <coronet/handlers/announcement.hpp>

using namespace coronet::handlers;

namespace {
const announcement dictionary{"build-7",
                              {{"coronet-dictionary", "http", 8081}, {"coronet-dictionary", "dict", 2628}, {"词典", "udp", 8888}}};
}  // namespace

BOOST_AUTO_TEST_CASE(formats_one_line_a_service) {
    BOOST_TEST(format_announcement(dictionary) ==
               "coronet-announce 1\nhost build-7\nservice coronet-dictionary http 8081\n"
               "service coronet-dictionary dict 2628\nservice 词典 udp 8888\n");
}

BOOST_AUTO_TEST_CASE(parses_what_it_formats) {
    auto parsed = parse_announcement(format_announcement(dictionary));
    BOOST_REQUIRE(parsed.has_value());
    BOOST_TEST((*parsed == dictionary));
}

BOOST_AUTO_TEST_CASE(skips_lines_of_a_later_version_but_not_bad_service_lines) {
    auto parsed = parse_announcement("coronet-announce 1\nhost h\nweight 7\nservice s http 80\n\n");
    BOOST_REQUIRE(parsed.has_value());
    BOOST_TEST(parsed->services.size() == 1u);
    BOOST_TEST(parsed->services[0].port == 80);
}

BOOST_AUTO_TEST_CASE(refuses_what_is_not_an_announcement) {
    const char* refused[] = {
        "",
        "hello",
        "coronet-announce 2\nhost h\nservice s http 80\n",     // another version
        "coronet-announce 1\nservice s http 80\n",             // no host
        "coronet-announce 1\nhost h\n",                        // nothing announced
        "coronet-announce 1\nhost h\nhost g\nservice s http 80\n",
        "coronet-announce 1\nhost h\nservice s http 0\n",
        "coronet-announce 1\nhost h\nservice s http 65536\n",
        "coronet-announce 1\nhost h\nservice s http 80x\n",
        "coronet-announce 1\nhost h\nservice s http -1\n",
        "coronet-announce 1\nhost h\nservice s HTTP 80\n",     // protocols are lower case
        "coronet-announce 1\nhost h\nservice s http\n",
        "coronet-announce 1\nhost h\nservice s  http 80\n",    // an empty field
        "coronet-announce 1\nhost h\r\nservice s http 80\n",   // CR is a control character
        "coronet-announce 1\nhost h\nservice \xc0\xaf http 80\n",
        "coronet-announce 1\r\nhost h\nservice s http 80\n",
    };
    for (const char* text : refused) BOOST_TEST(!parse_announcement(text).has_value(), text);
    std::string long_name(65, 'n');
    BOOST_TEST(!parse_announcement("coronet-announce 1\nhost h\nservice " + long_name + " http 80\n").has_value());
    std::string huge = "coronet-announce 1\nhost h\nservice s http 80\n";
    huge.append(max_announcement_bytes, '\n');
    BOOST_TEST(!parse_announcement(huge).has_value());
}

BOOST_AUTO_TEST_CASE(refuses_to_format_what_it_would_not_parse) {
    BOOST_CHECK_THROW(format_announcement({"two words", {{"s", "http", 80}}}), std::invalid_argument);
    BOOST_CHECK_THROW(format_announcement({"h", {{"", "http", 80}}}), std::invalid_argument);
    BOOST_CHECK_THROW(format_announcement({"h", {{"s", "Web", 80}}}), std::invalid_argument);
    BOOST_CHECK_THROW(format_announcement({"h", {{"s", "http", 0}}}), std::invalid_argument);
    announcement many{"h", {}};
    for (int i = 0; i < 40; ++i) many.services.push_back({"a-rather-long-service-name-" + std::to_string(i), "http", 8080});
    BOOST_CHECK_THROW(format_announcement(many), std::invalid_argument);
    BOOST_TEST(!check_record({"s", "http", 80}).has_value());
    BOOST_TEST(check_record({"s", "http", 0}).has_value());
}
