// UTF-8 validation, repair, and the control characters that must not reach a terminal.
#include <boost/test/unit_test.hpp>

#include <string>

#include <coronet/utf8.hpp>

using namespace coronet;

BOOST_AUTO_TEST_CASE(validation_follows_rfc_3629) {
    BOOST_TEST(is_valid_utf8("plain ASCII"));
    BOOST_TEST(is_valid_utf8("你好 \xf0\x9f\x98\x80"));
    BOOST_TEST(!is_valid_utf8("\xc0\xaf"));           // overlong '/'
    BOOST_TEST(!is_valid_utf8("\xed\xa0\x80"));       // a surrogate
    BOOST_TEST(!is_valid_utf8("\xf4\x90\x80\x80"));   // above U+10FFFF
    BOOST_TEST(!is_valid_utf8("\xe4\xbd"));           // cut short
    BOOST_TEST(to_valid_utf8("a\xffz") == "a\xef\xbf\xbdz");
}

BOOST_AUTO_TEST_CASE(control_characters_c0_del_and_c1) {
    BOOST_TEST(!has_control_characters("你好, world"));
    BOOST_TEST(has_control_characters("bell\a"));
    BOOST_TEST(has_control_characters("esc\x1b[2J"));
    BOOST_TEST(has_control_characters("del\x7f"));
    BOOST_TEST(has_control_characters("csi\xc2\x9b" "2J"));     // U+009B, a one-character CSI
    BOOST_TEST(has_control_characters("\xc2\x80"));              // U+0080
    BOOST_TEST(!has_control_characters("\xc2\xa0"));             // U+00A0, a no-break space: printable
    BOOST_TEST(has_control_characters("tab\there"));
    BOOST_TEST(!has_control_characters("tab\there", "\t"));
    BOOST_TEST(has_control_characters("line\n", "\t"));
}

BOOST_AUTO_TEST_CASE(printable_replaces_what_could_drive_a_terminal) {
    BOOST_TEST(to_printable("ok\ttab") == "ok\ttab");
    BOOST_TEST(to_printable("\x1b[31mred\xc2\x9b" "2J") == "?[31mred?2J");
    BOOST_TEST(to_printable("bad \xff byte") == "bad \xef\xbf\xbd byte");
    BOOST_TEST(to_printable("词典\r\n", "") == "词典??");
}
