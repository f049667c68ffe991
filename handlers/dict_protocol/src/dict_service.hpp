#pragma once
// What a DICT session answers, apart from the socket: one command in, its whole reply appended
// to a buffer. The service is shared by every connection of one handler; a session is one
// connection's state.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <coronet/handlers/dict_command.hpp>
#include <coronet/handlers/dict_protocol.hpp>

namespace coronet { class logger; }

namespace coronet::handlers::dict_detail {

class dict_service {
public:
    // Throws std::invalid_argument as dict_protocol_handler documents.
    dict_service(std::vector<dict_database> databases, dict_protocol_options options);

    const dict_protocol_options& options() const { return options_; }
    logger& log() const;

    // "220 <server> <mime> <msg-id>" for the next connection, counted for STATUS.
    void append_banner(std::string& out);

    struct session {
        std::string peer;   // for the log
        bool mime = false;
        std::string client;
    };

    // Appends the whole reply to `parsed` (nothing for a blank line). False after QUIT.
    bool answer(session& s, const dict_parse_result& parsed, std::string& out);
    // The reply to a line over options().max_line_bytes.
    void answer_line_too_long(session& s, std::string& out);

private:
    // The databases a DEFINE or MATCH names: all ("*"), all until one answers ("!"), or one.
    struct selection {
        bool known = false;                         // false: no database has that name
        std::span<const dict_database> databases;
        bool first_answer_only = false;
    };
    selection select(std::string_view name) const;
    // nullptr when no database has that name ("*" and "!" are none).
    const dict_database* database_named(std::string_view name) const;

    void define(session& s, const dict_command& c, std::string& out);
    void match(session& s, const dict_command& c, std::string& out);
    void show_databases(session& s, std::string& out) const;
    void show_strategies(session& s, std::string& out) const;
    void show_info(session& s, const dict_command& c, std::string& out) const;
    void show_server(session& s, std::string& out) const;
    void help(session& s, std::string& out) const;
    void status(std::string& out) const;
    void refuse(session& s, std::string_view status, std::string& out) const;

    std::vector<dict_database> databases_;
    dict_protocol_options options_;
    std::string host_;   // the msg-id's domain
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    std::atomic<std::uint64_t> connections_{0}, commands_{0}, definitions_{0}, matches_{0};
};

}  // namespace coronet::handlers::dict_detail
