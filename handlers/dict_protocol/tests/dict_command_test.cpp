// parse_dict_command from a table: good lines and the command they give, bad lines and the
// error they get.
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <vector>

#include <coronet/handlers/dict_command.hpp>

using coronet::handlers::dict_command;
using coronet::handlers::dict_command_error;
using coronet::handlers::parse_dict_command;
using kind = dict_command::kind;

namespace boost::test_tools::tt_detail {
// Lets BOOST_TEST print a command.
template <>
struct print_log_value<dict_command> {
    void operator()(std::ostream& os, const dict_command& c) {
        os << "kind " << static_cast<int>(c.what) << " db [" << c.database << "] strategy [" << c.strategy
           << "] text [" << c.text << "]";
    }
};
}  // namespace boost::test_tools::tt_detail

namespace {

struct good_line {
    std::string line;
    dict_command expected;
};

struct bad_line {
    std::string line;
    dict_command_error expected;
};

const std::string ni_hao = "\xe4\xbd\xa0\xe5\xa5\xbd";   // 你好

}  // namespace

BOOST_AUTO_TEST_CASE(good_lines_give_their_command) {
    const std::vector<good_line> table{
        {"", {kind::blank}},
        {" \t ", {kind::blank}},
        {"DEFINE * apple", {kind::define, "*", "", "apple"}},
        {"define ! apple", {kind::define, "!", "", "apple"}},
        {"DeFiNe wordbook \"new york\"", {kind::define, "wordbook", "", "new york"}},
        {"DEFINE wordbook 'new york'", {kind::define, "wordbook", "", "new york"}},
        {"DEFINE wordbook new\\ york", {kind::define, "wordbook", "", "new york"}},
        {"DEFINE * \"say \\\"hi\\\"\"", {kind::define, "*", "", "say \"hi\""}},
        {"DEFINE * \"it's\"", {kind::define, "*", "", "it's"}},
        {"DEFINE * \"\"", {kind::define, "*", "", ""}},
        {"  DEFINE\t*\t apple  ", {kind::define, "*", "", "apple"}},
        {"DEFINE * " + ni_hao, {kind::define, "*", "", ni_hao}},
        {"MATCH * . aple", {kind::match, "*", ".", "aple"}},
        {"match wordbook prefix \"ab\"", {kind::match, "wordbook", "prefix", "ab"}},
        {"SHOW DB", {kind::show_databases}},
        {"show databases", {kind::show_databases}},
        {"SHOW STRAT", {kind::show_strategies}},
        {"Show Strategies", {kind::show_strategies}},
        {"SHOW INFO wordbook", {kind::show_info, "wordbook"}},
        {"SHOW SERVER", {kind::show_server}},
        {"CLIENT \"dict 1.13.0/rf on Linux\"", {kind::client, "", "", "dict 1.13.0/rf on Linux"}},
        {"CLIENT Bob's client 2.0", {kind::client, "", "", "Bob's client 2.0"}},
        {"STATUS", {kind::status}},
        {"help", {kind::help}},
        {"OPTION MIME", {kind::option_mime}},
        {"option mime", {kind::option_mime}},
        {"QUIT", {kind::quit}},
    };
    for (const auto& row : table) {
        BOOST_TEST_CONTEXT("line [" << row.line << "]") {
            auto parsed = parse_dict_command(row.line);
            BOOST_TEST_REQUIRE(std::holds_alternative<dict_command>(parsed));
            BOOST_TEST(std::get<dict_command>(parsed) == row.expected);
        }
    }
}

BOOST_AUTO_TEST_CASE(bad_lines_get_their_error) {
    const std::vector<bad_line> table{
        {"FOO", dict_command_error::unknown_command},
        {"DEFINEX * apple", dict_command_error::unknown_command},
        {"D * apple", dict_command_error::unknown_command},
        {"\"DEFINE\" * apple", dict_command_error::unknown_command},
        {"DEFINE", dict_command_error::illegal_parameters},
        {"DEFINE *", dict_command_error::illegal_parameters},
        {"DEFINE * a b", dict_command_error::illegal_parameters},
        {"DEFINE * \"unterminated", dict_command_error::illegal_parameters},
        {"DEFINE * 'unterminated", dict_command_error::illegal_parameters},
        {"DEFINE * trailing\\", dict_command_error::illegal_parameters},
        {"DEFINE * a\x01" "b", dict_command_error::illegal_parameters},
        {"DEFINE * a\rb", dict_command_error::illegal_parameters},
        {"DEFINE * a\x7f" "b", dict_command_error::illegal_parameters},
        {"DEFINE * a\xc2\x9c" "b", dict_command_error::illegal_parameters},   // U+009C, a C1 control (found by the fuzzer)
        {"CLIENT a\xc2\x9b" "31m", dict_command_error::illegal_parameters},   // U+009B, a terminal's CSI
        {"DEFINE * \xff\xfe", dict_command_error::illegal_parameters},
        {"DEFINE * \xe4\xbd", dict_command_error::illegal_parameters},
        {"MATCH * prefix", dict_command_error::illegal_parameters},
        {"MATCH * prefix a b", dict_command_error::illegal_parameters},
        {"SHOW", dict_command_error::illegal_parameters},
        {"SHOW DB extra", dict_command_error::illegal_parameters},
        {"SHOW INFO", dict_command_error::illegal_parameters},
        {"SHOW INFO a b", dict_command_error::illegal_parameters},
        {"SHOW NOTHING", dict_command_error::illegal_parameters},
        {"CLIENT", dict_command_error::illegal_parameters},
        {"CLIENT  \t", dict_command_error::illegal_parameters},
        {"STATUS now", dict_command_error::illegal_parameters},
        {"HELP me", dict_command_error::illegal_parameters},
        {"QUIT now", dict_command_error::illegal_parameters},
        {"OPTION", dict_command_error::illegal_parameters},
        {"OPTION FOO", dict_command_error::illegal_parameters},
        {"OPTION MIME extra", dict_command_error::illegal_parameters},
        {"AUTH user secret", dict_command_error::not_implemented},
        {"SASLAUTH PLAIN", dict_command_error::not_implemented},
        {"saslresp abc", dict_command_error::not_implemented},
    };
    for (const auto& row : table) {
        BOOST_TEST_CONTEXT("line [" << row.line << "]") {
            auto parsed = parse_dict_command(row.line);
            BOOST_TEST_REQUIRE(std::holds_alternative<dict_command_error>(parsed));
            BOOST_TEST(static_cast<int>(std::get<dict_command_error>(parsed)) == static_cast<int>(row.expected));
        }
    }
}

BOOST_AUTO_TEST_CASE(errors_have_rfc_status_lines) {
    BOOST_TEST(coronet::handlers::status_line(dict_command_error::unknown_command) == "500 unknown command");
    BOOST_TEST(coronet::handlers::status_line(dict_command_error::illegal_parameters) ==
               "501 syntax error, illegal parameters");
    BOOST_TEST(coronet::handlers::status_line(dict_command_error::not_implemented) == "502 command not implemented");
}
