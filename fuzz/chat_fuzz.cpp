// The chat room (handlers/chat): its command parsing and rules, driven by a stream of
// datagrams from four members-to-be with time passing, and the client's display of what comes
// back. Every datagram the room sends is one line of UTF-8 without control characters (a tab
// aside, inside a relayed message); a sender never gets its own message; members' names are
// valid and unique regardless of letter case; the room holds at most max_members; and what a
// client prints is free of control characters.
#include <chrono>
#include <set>
#include <string>

#include <coronet/handlers/chat_protocol.hpp>
#include <coronet/handlers/chat_room.hpp>
#include <coronet/handlers/chat_terminal.hpp>
#include <coronet/log.hpp>
#include <coronet/utf8.hpp>

#include "fuzz_check.hpp"

using coronet::fuzz::require;
namespace h = coronet::handlers;
using namespace std::chrono_literals;

namespace {

coronet::logger& quiet() {
    static coronet::logger log(coronet::log_level::off);
    return log;
}

std::string lowercase(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

void check_deliveries(const std::vector<h::chat_delivery>& out, const h::chat_room::endpoint& sender) {
    for (const auto& d : out) {
        require(coronet::is_valid_utf8(d.text), "the room sends UTF-8");
        require(!coronet::has_control_characters(d.text, "\t"), "the room sends one line without control characters");
        require(d.text.find('\t') == std::string::npos || d.text.starts_with("FROM "), "only a relayed message holds a tab");
        require(!(d.to == sender && d.text.starts_with("FROM ")), "a sender gets no echo");
        require(!d.text.empty(), "the room sends no empty datagram");
        auto shown = h::display_chat_datagram(d.text);
        require(!shown || !coronet::has_control_characters(*shown, "\t"), "a client prints no control character");
    }
}

void check_room(const h::chat_room& room) {
    require(room.size() <= room.options().max_members, "the room holds at most max_members");
    auto names = room.names();
    require(names.size() == room.size(), "every member has a name");
    std::set<std::string> keys;
    for (const auto& n : names) {
        require(!h::chat_name_problem(n, room.options().max_name_bytes), "members' names are valid");
        require(keys.insert(lowercase(n)).second, "names are unique regardless of letter case");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    h::chat_room room({.max_members = 3, .max_name_bytes = 8, .max_message_bytes = 64, .timeout = 30s, .log = &quiet()});
    const h::chat_room::endpoint members[] = {
        {boost::asio::ip::make_address("127.0.0.1"), 5001},
        {boost::asio::ip::make_address("127.0.0.1"), 5002},
        {boost::asio::ip::make_address("::1"), 5001},
        {boost::asio::ip::make_address("10.0.0.7"), 40000},
    };
    auto now = h::chat_room::clock::time_point{} + 1h;
    // Each step: who sends, how much time passes, whether the datagram arrived cut, the datagram.
    while (in.remaining_bytes() > 0) {
        const auto& from = members[in.ConsumeIntegralInRange(0, 3)];
        now += std::chrono::seconds(in.ConsumeIntegralInRange(0, 40));
        auto cut = in.ConsumeIntegralInRange<std::size_t>(0, 2) == 0 ? in.ConsumeIntegralInRange<std::size_t>(0, 100) : 0;
        auto datagram = in.ConsumeRandomLengthString(128);

        auto command = h::parse_chat_command(datagram);
        require(datagram.find(command.argument) != std::string::npos, "the argument is part of the datagram");
        check_deliveries(room.sweep(now), from);
        check_deliveries(room.receive(datagram, datagram.size() + cut, from, now), from);
        check_room(room);

        auto typed = h::read_terminal_line(datagram);
        if (typed.what == h::terminal_input::action::send)
            require(h::parse_chat_command(typed.datagram).verb != h::chat_verb::unknown, "what the terminal sends is a command");
    }
    check_deliveries(room.close(), {});
    require(room.size() == 0, "a closed room is empty");
    return 0;
}
