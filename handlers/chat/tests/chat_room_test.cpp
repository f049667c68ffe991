// The room's rules, without sockets: each call's datagrams are compared whole.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include <coronet/handlers/chat_room.hpp>

#include "support/test_support.hpp"

using namespace coronet::handlers;
using namespace std::chrono_literals;
using endpoint = chat_room::endpoint;

namespace {

endpoint at(unsigned short port) { return {boost::asio::ip::make_address("127.0.0.1"), port}; }

const endpoint alice = at(1001), bob = at(1002), carol = at(1003), dave = at(1004);
const chat_room::clock::time_point t0{};

// A room with a captured log, and a way to send it text datagrams at t0 (or later).
struct room_fixture {
    explicit room_fixture(chat_options o = {}) : room((o.log = &log.log, o)) {}
    std::vector<chat_delivery> send(const endpoint& from, std::string_view text, chat_room::clock::time_point now = t0) {
        return room.receive(text, text.size(), from, now);
    }
    coronet::testing::captured_log log;
    chat_room room;
};

using out = std::vector<chat_delivery>;

}  // namespace

BOOST_AUTO_TEST_CASE(joining_welcomes_and_tells_the_others) {
    room_fixture f;
    BOOST_TEST((f.send(alice, "JOIN alice") == out{{alice, "WELCOME alice"}}));
    BOOST_TEST((f.send(bob, "JOIN 小明\n") == out{{bob, "WELCOME 小明"}, {alice, "JOINED 小明"}}));
    BOOST_TEST((f.send(carol, "join carol") == out{{carol, "WELCOME carol"}, {alice, "JOINED carol"}, {bob, "JOINED carol"}}));
    BOOST_TEST(f.room.size() == 3u);
    BOOST_TEST((f.send(bob, "WHO") == out{{bob, "MEMBERS alice, carol, 小明"}}));
    BOOST_TEST(f.log.text().find("小明 joined from 127.0.0.1:1002 (2 in the room)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(messages_go_to_everyone_but_the_sender) {
    room_fixture f;
    f.send(alice, "JOIN alice");
    f.send(bob, "JOIN bob");
    f.send(carol, "JOIN carol");
    BOOST_TEST((f.send(bob, "SAY 大家好, all: hi") == out{{alice, "FROM bob: 大家好, all: hi"}, {carol, "FROM bob: 大家好, all: hi"}}));
    BOOST_TEST((f.send(bob, "PING") == out{{bob, "PONG"}}));
}

BOOST_AUTO_TEST_CASE(names_are_unique_whatever_the_ascii_case) {
    room_fixture f;
    f.send(alice, "JOIN alice");
    BOOST_TEST((f.send(bob, "JOIN Alice") == out{{bob, "ERROR name taken: Alice"}}));
    BOOST_TEST((f.send(bob, "JOIN bad name") == out{{bob, "ERROR a name has no spaces, commas, colons or control characters"}}));
    BOOST_TEST((f.send(bob, "JOIN") == out{{bob, "ERROR a name is needed: JOIN name"}}));
    BOOST_TEST((f.send(bob, "JOIN " + std::string(33, 'b')) == out{{bob, "ERROR name over 32 bytes"}}));
    BOOST_TEST(f.room.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_repeated_join_is_welcomed_again_and_a_new_name_renames) {
    room_fixture f;
    f.send(alice, "JOIN alice");
    f.send(bob, "JOIN bob");
    BOOST_TEST((f.send(bob, "JOIN bob") == out{{bob, "WELCOME bob"}}));    // its WELCOME was lost
    BOOST_TEST((f.send(bob, "JOIN alice") == out{{bob, "ERROR name taken: alice"}}));
    BOOST_TEST((f.send(bob, "JOIN 鲍勃") == out{{bob, "WELCOME 鲍勃"}, {alice, "RENAMED bob 鲍勃"}}));
    BOOST_TEST((f.send(alice, "JOIN ALICE") == out{{alice, "WELCOME ALICE"}, {bob, "RENAMED alice ALICE"}}));
    BOOST_TEST((f.send(carol, "JOIN bob") == out{{carol, "WELCOME bob"}, {alice, "JOINED bob"}, {bob, "JOINED bob"}}));
    BOOST_TEST((f.room.names() == std::vector<std::string>{"ALICE", "bob", "鲍勃"}));
}

BOOST_AUTO_TEST_CASE(bad_messages_get_an_error_and_are_not_relayed) {
    room_fixture f{{.max_message_bytes = 16}};
    f.send(alice, "JOIN alice");
    f.send(bob, "JOIN bob");
    BOOST_TEST((f.send(alice, "SAY " + std::string(17, 'x')) == out{{alice, "ERROR message over 16 bytes"}}));
    BOOST_TEST((f.room.receive("SAY short", 5000, alice, t0) == out{{alice, "ERROR message over 16 bytes"}}));  // cut
    BOOST_TEST((f.send(alice, "SAY \xc3\x28") == out{{alice, "ERROR message is not valid UTF-8"}}));
    BOOST_TEST((f.send(alice, "SAY") == out{{alice, "ERROR empty message: SAY text"}}));
    BOOST_TEST((f.send(alice, "SAY a\nb") == out{{alice, "ERROR a message is one line without control characters"}}));
    BOOST_TEST((f.send(alice, "SHOUT x") == out{{alice, "ERROR unknown command: JOIN name, SAY text, PING, WHO or LEAVE"}}));
    BOOST_TEST((f.send(alice, "SAY " + std::string(16, 'x')) == out{{bob, "FROM alice: " + std::string(16, 'x')}}));
    auto log = f.log.text();
    BOOST_TEST(log.find("a message of 17 bytes from alice refused (further ones logged at debug level)") != std::string::npos, log);
    BOOST_TEST(log.find("a message of 5000 bytes") == std::string::npos, log);
}

BOOST_AUTO_TEST_CASE(strangers_may_only_join) {
    room_fixture f;
    f.send(alice, "JOIN alice");
    for (auto command : {"SAY hi", "PING", "WHO", "LEAVE"})
        BOOST_TEST((f.send(bob, command) == out{{bob, "ERROR not joined: JOIN name first"}}));
}

BOOST_AUTO_TEST_CASE(leaving_says_bye_and_tells_the_others) {
    room_fixture f;
    f.send(alice, "JOIN alice");
    f.send(bob, "JOIN bob");
    BOOST_TEST((f.send(bob, "LEAVE") == out{{bob, "BYE"}, {alice, "LEFT bob"}}));
    BOOST_TEST((f.send(bob, "SAY still here?") == out{{bob, "ERROR not joined: JOIN name first"}}));
    BOOST_TEST((f.send(carol, "JOIN bob") == out{{carol, "WELCOME bob"}, {alice, "JOINED bob"}}));  // the name is free again
}

BOOST_AUTO_TEST_CASE(members_whose_heartbeats_stop_time_out) {
    room_fixture f{{.timeout = 30s}};
    f.send(alice, "JOIN alice", t0);
    f.send(bob, "JOIN bob", t0);
    f.send(carol, "JOIN carol", t0);
    f.send(alice, "PING", t0 + 20s);
    f.send(bob, "SAY anything counts", t0 + 25s);
    BOOST_TEST(f.room.sweep(t0 + 30s).empty());     // exactly the timeout: not yet
    BOOST_TEST((f.room.sweep(t0 + 31s) == out{{carol, "BYE timed out"}, {alice, "LEFT carol (timed out)"}, {bob, "LEFT carol (timed out)"}}));
    BOOST_TEST((f.room.sweep(t0 + 56s) ==
                out{{alice, "BYE timed out"}, {bob, "LEFT alice (timed out)"}, {bob, "BYE timed out"}}));
    BOOST_TEST(f.room.size() == 0u);
    BOOST_TEST(f.log.text().find("chat: carol left: timed out (2 in the room)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_full_room_refuses_and_says_so_in_the_log_once) {
    room_fixture f{{.max_members = 2}};
    f.send(alice, "JOIN alice");
    f.send(bob, "JOIN bob");
    BOOST_TEST((f.send(carol, "JOIN carol") == out{{carol, "ERROR room full: 2 members"}}));
    BOOST_TEST((f.send(dave, "JOIN dave") == out{{dave, "ERROR room full: 2 members"}}));
    BOOST_TEST((f.send(bob, "JOIN robert") == out{{bob, "WELCOME robert"}, {alice, "RENAMED bob robert"}}));  // not a new member
    auto log = f.log.text();
    auto first = log.find("the room is full (2 members)");
    BOOST_TEST(first != std::string::npos, log);
    BOOST_TEST(log.find("the room is full", first + 1) == std::string::npos, log);
}

BOOST_AUTO_TEST_CASE(closing_tells_every_member) {
    room_fixture f;
    f.send(alice, "JOIN alice");
    f.send(bob, "JOIN bob");
    BOOST_TEST((f.room.close() == out{{alice, "BYE server shutting down"}, {bob, "BYE server shutting down"}}));
    BOOST_TEST(f.room.size() == 0u);
}
