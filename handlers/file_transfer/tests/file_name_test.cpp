#include <boost/test/unit_test.hpp>

#include <string>

#include <coronet/handlers/file_name.hpp>

using coronet::handlers::file_name_problem;
using namespace std::string_literals;

BOOST_AUTO_TEST_CASE(plain_names_are_accepted) {
    for (auto name : {"a"s, "report.pdf"s, "holiday photo 1.jpg"s, "照片.png"s, "a..b"s, "x.tar.gz"s, "-dash"s,
                      "name~"s, std::string(255, 'n')})
        BOOST_TEST(!file_name_problem(name).has_value(), name);
}

BOOST_AUTO_TEST_CASE(paths_dots_and_odd_characters_are_refused) {
    for (auto name : {""s, "."s, ".."s, ".hidden"s, ".coronet-part-0123456789abcdef"s, "a/b"s, "../x"s, "/etc/passwd"s,
                      "dir/"s, "a\\b"s, "a\0b"s, "a\nb"s, "tab\there"s, "del\x7f"s, "c1\xc2\x85"s, " lead"s, "trail "s,
                      "\xff\xfe"s, "\xc0\xaf"s, std::string(256, 'n')})
        BOOST_TEST(file_name_problem(name).has_value(), name);
}

BOOST_AUTO_TEST_CASE(the_reason_says_what_is_wrong) {
    BOOST_TEST(*file_name_problem("..") == "the name begins with '.' (\".\", \"..\" and hidden files are not served)");
    BOOST_TEST(file_name_problem("a/b")->find("'/'") != std::string::npos);
    BOOST_TEST(file_name_problem(std::string(300, 'x'))->find("255 bytes") != std::string::npos);
    BOOST_TEST(*file_name_problem("") == "the name is empty");
}
