#include <boost/test/unit_test.hpp>

#include <string>

#include <coronet/handlers/chat_protocol.hpp>

using namespace coronet::handlers;

BOOST_AUTO_TEST_CASE(commands_are_one_word_then_the_argument) {
    auto join = parse_chat_command("JOIN 小明");
    BOOST_TEST((join.verb == chat_verb::join));
    BOOST_TEST(join.argument == "小明");
    auto say = parse_chat_command("say  two  spaces kept\r\n");
    BOOST_TEST((say.verb == chat_verb::say));
    BOOST_TEST(say.argument == " two  spaces kept");
    BOOST_TEST((parse_chat_command("Ping\n").verb == chat_verb::ping));
    BOOST_TEST((parse_chat_command("WHO").verb == chat_verb::who));
    BOOST_TEST((parse_chat_command("leave").verb == chat_verb::leave));
    BOOST_TEST(parse_chat_command("JOIN").argument.empty());
    BOOST_TEST((parse_chat_command("JOINED x").verb == chat_verb::unknown));
    BOOST_TEST((parse_chat_command("").verb == chat_verb::unknown));
    BOOST_TEST((parse_chat_command("\xff\xfe").verb == chat_verb::unknown));
}

BOOST_AUTO_TEST_CASE(names_are_short_utf8_words) {
    BOOST_TEST(!chat_name_problem("小明", 32));
    BOOST_TEST(!chat_name_problem("alice_1-ü", 32));
    BOOST_TEST(!chat_name_problem(std::string(32, 'a'), 32));
    BOOST_TEST(chat_name_problem(std::string(33, 'a'), 32).value_or("") == "name over 32 bytes");
    BOOST_TEST(chat_name_problem("", 32).value_or("") == "a name is needed: JOIN name");
    BOOST_TEST(chat_name_problem("\xc3\x28", 32).value_or("") == "name is not valid UTF-8");
    for (auto bad : {"a b", "a,b", "a:b", "a\tb", "a\x7f", "a\xc2\x9b"})
        BOOST_TEST(chat_name_problem(bad, 32).value_or("") == "a name has no spaces, commas, colons or control characters");
}

BOOST_AUTO_TEST_CASE(messages_are_one_line_of_utf8_within_the_limit) {
    BOOST_TEST(!chat_text_problem("你好, world: tabs\tare fine", 0, 1024));
    BOOST_TEST(!chat_text_problem(std::string(1024, 'x'), 1024, 1024));
    BOOST_TEST(chat_text_problem(std::string(1025, 'x'), 1025, 1024).value_or("") == "message over 1024 bytes");
    // Cut on arrival: the size as sent decides.
    BOOST_TEST(chat_text_problem(std::string(100, 'x'), 5000, 1024).value_or("") == "message over 1024 bytes");
    BOOST_TEST(chat_text_problem("", 0, 1024).value_or("") == "empty message: SAY text");
    BOOST_TEST(chat_text_problem("\xe4\xbd", 2, 1024).value_or("") == "message is not valid UTF-8");
    for (auto bad : {"two\nlines", "cr\r", "escape \x1b[2J", "csi \xc2\x9b" "2J"})
        BOOST_TEST(chat_text_problem(bad, 0, 1024).value_or("") == "a message is one line without control characters");
}
