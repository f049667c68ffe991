#include <boost/test/unit_test.hpp>

#include <coronet/handlers/chat_terminal.hpp>

using namespace coronet::handlers;
using action = terminal_input::action;

BOOST_AUTO_TEST_CASE(typed_lines_become_commands) {
    auto said = read_terminal_line("你好 /who");
    BOOST_TEST((said.what == action::send));
    BOOST_TEST(said.datagram == "SAY 你好 /who");
    BOOST_TEST(read_terminal_line("hi\r").datagram == "SAY hi");
    BOOST_TEST(read_terminal_line("/who").datagram == "WHO");
    BOOST_TEST(read_terminal_line("//who").datagram == "SAY /who");
    BOOST_TEST((read_terminal_line("/quit").what == action::quit));
    BOOST_TEST((read_terminal_line("/help").what == action::help));
    BOOST_TEST((read_terminal_line("/wh").what == action::help));     // a typo is not said to the room
    BOOST_TEST((read_terminal_line("").what == action::ignore));
}

BOOST_AUTO_TEST_CASE(datagrams_become_lines_for_people) {
    auto shown = [](std::string_view d) { return display_chat_datagram(d).value_or("(hidden)"); };
    BOOST_TEST(shown("FROM 小明: 你好: hi") == "小明: 你好: hi");
    BOOST_TEST(shown("WELCOME 小红") == "* you are 小红 (/help for commands)");
    BOOST_TEST(shown("JOINED bob") == "* bob joined");
    BOOST_TEST(shown("LEFT bob") == "* bob left");
    BOOST_TEST(shown("LEFT bob (timed out)") == "* bob left (timed out)");
    BOOST_TEST(shown("RENAMED bob 鲍勃") == "* bob is now 鲍勃");
    BOOST_TEST(shown("MEMBERS a, b") == "* in the room: a, b");
    BOOST_TEST(shown("ERROR name taken: bob") == "! name taken: bob");
    BOOST_TEST(shown("BYE") == "* you left the room");
    BOOST_TEST(shown("BYE timed out") == "* you are out of the room: timed out");
    BOOST_TEST(shown("PONG") == "(hidden)");
    BOOST_TEST(shown("NEWS later") == "NEWS later");
    // Nothing reaches the terminal that could drive it.
    BOOST_TEST(shown("FROM x: \x1b[2J\xff") == "x: ?[2J\xef\xbf\xbd");
}
