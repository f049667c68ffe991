#include "dict_service.hpp"

#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <iterator>
#include <stdexcept>

#include <boost/asio/ip/host_name.hpp>
#include <fmt/format.h>

#include <coronet/log.hpp>

#include "dict_strategies.hpp"
#include "dict_text.hpp"

namespace coronet::handlers::dict_detail {

namespace {

bool is_atom(std::string_view name) {
    if (name.empty() || name == "*" || name == "!" || name.front() == '.') return false;
    return std::none_of(name.begin(), name.end(), [](char c) {
        auto byte = static_cast<unsigned char>(c);
        return byte <= 0x20 || byte == 0x7f || c == '"' || c == '\'' || c == '\\';
    });
}

bool is_one_line(std::string_view text) { return text.find_first_of("\r\n") == std::string_view::npos; }

void require(bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument("dict_protocol_handler: " + what);
}

std::string host_name() {
    boost::system::error_code ec;
    std::string name = boost::asio::ip::host_name(ec);
    if (ec || name.empty() || !is_atom(name)) return "localhost";
    return name;
}

template <class... Args>
void append_format(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
    fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

// The status line that opens a text response, then the MIME header if the client asked.
void open_text(const dict_service::session& s, std::string& out, std::string_view status) {
    append_line(out, status);
    if (s.mime) out.append(mime_header);
}

constexpr std::string_view help_text =
    "DEFINE database word         -- look up word in database\n"
    "MATCH database strategy word -- match word in database using strategy\n"
    "SHOW DB                      -- list all accessible databases\n"
    "SHOW DATABASES               -- list all accessible databases\n"
    "SHOW STRAT                   -- list available matching strategies\n"
    "SHOW STRATEGIES              -- list available matching strategies\n"
    "SHOW INFO database           -- provide information about the database\n"
    "SHOW SERVER                  -- provide site-specific information\n"
    "OPTION MIME                  -- use MIME headers\n"
    "CLIENT info                  -- identify client to server\n"
    "STATUS                       -- display server counters\n"
    "HELP                         -- display this help information\n"
    "QUIT                         -- terminate connection\n"
    "\n"
    "database: a name from SHOW DB, * (all) or ! (the first that has an answer)\n"
    "strategy: a name from SHOW STRAT or . (the server's default, lev)\n";

}  // namespace

dict_service::dict_service(std::vector<dict_database> databases, dict_protocol_options options)
    : databases_(std::move(databases)), options_(std::move(options)), host_(host_name()) {
    require(is_one_line(options_.server_name), "the server name must be one line");
    // Room for at least a short command and its CRLF.
    require(options_.max_line_bytes >= 16, "max_line_bytes must be at least 16");
    for (std::size_t i = 0; i < databases_.size(); ++i) {
        const auto& db = databases_[i];
        require(db.store != nullptr, "database \"" + db.name + "\" has no store");
        require(is_atom(db.name), "database name \"" + db.name + "\" is not an atom");
        require(is_one_line(db.description), "the description of \"" + db.name + "\" must be one line");
        for (std::size_t j = 0; j < i; ++j)
            require(databases_[j].name != db.name, "database name \"" + db.name + "\" given twice");
    }
}

logger& dict_service::log() const { return options_.log ? *options_.log : default_logger(); }

void dict_service::append_banner(std::string& out) {
    auto n = connections_.fetch_add(1, std::memory_order_relaxed) + 1;
    append_format(out, "220 {} <mime> <{}.{}.{}@{}>\r\n", options_.server_name, n, ::getpid(),
                  static_cast<long long>(std::time(nullptr)), host_);
}

const dict_database* dict_service::database_named(std::string_view name) const {
    for (const auto& db : databases_)
        if (db.name == name) return &db;
    return nullptr;
}

dict_service::selection dict_service::select(std::string_view name) const {
    if (name == "*") return {true, databases_, false};
    if (name == "!") return {true, databases_, true};
    if (const auto* db = database_named(name)) return {true, {db, 1}, false};
    return {};
}

bool dict_service::answer(session& s, const dict_parse_result& parsed, std::string& out) {
    if (const auto* error = std::get_if<dict_command_error>(&parsed)) {
        refuse(s, status_line(*error), out);
        return true;
    }
    const auto& c = std::get<dict_command>(parsed);
    using kind = dict_command::kind;
    if (c.what == kind::blank) return true;
    commands_.fetch_add(1, std::memory_order_relaxed);
    const std::size_t mark = out.size();
    try {
        switch (c.what) {
        case kind::define: define(s, c, out); break;
        case kind::match: match(s, c, out); break;
        case kind::show_databases: show_databases(s, out); break;
        case kind::show_strategies: show_strategies(s, out); break;
        case kind::show_info: show_info(s, c, out); break;
        case kind::show_server: show_server(s, out); break;
        case kind::help: help(s, out); break;
        case kind::status: status(out); break;
        case kind::client:
            s.client = c.text;
            append_line(out, "250 ok");
            break;
        case kind::option_mime:
            s.mime = true;
            append_line(out, "250 ok - using MIME headers");
            break;
        case kind::quit:
            append_line(out, "221 bye");
            return false;
        case kind::blank: break;
        }
    } catch (const std::exception& e) {
        // A store failed (disk, corrupt file): whatever was written of this reply is withdrawn.
        out.resize(mark);
        log().error("dict {}: a store failed: {}", s.peer, e.what());
        append_line(out, "420 server temporarily unavailable");
    }
    return true;
}

void dict_service::answer_line_too_long(session& s, std::string& out) {
    refuse(s, fmt::format("500 line too long (the limit is {} bytes with CRLF)", options_.max_line_bytes), out);
}

void dict_service::refuse(session& s, std::string_view status, std::string& out) const {
    log().info("dict {}: {}", s.peer, status);
    append_line(out, status);
}

void dict_service::define(session& s, const dict_command& c, std::string& out) {
    auto chosen = select(c.database);
    if (!chosen.known) return refuse(s, "550 invalid database, use SHOW DB for list", out);

    // Looked up first, because 150 announces how many follow.
    struct found {
        const dict_database* db;
        dictionary_store::entry entry;
    };
    std::vector<found> definitions;
    if (!c.text.empty()) {
        for (const auto& db : chosen.databases) {
            if (auto e = db.store->lookup(c.text)) {
                definitions.push_back({&db, std::move(*e)});
                if (chosen.first_answer_only) break;
            }
        }
    }
    if (definitions.empty()) return append_line(out, "552 no match");
    definitions_.fetch_add(definitions.size(), std::memory_order_relaxed);

    append_format(out, "150 {} definitions retrieved\r\n", definitions.size());
    for (const auto& d : definitions) {
        out.append("151 ");
        append_quoted(out, d.entry.word);
        out.push_back(' ');
        out.append(d.db->name);
        out.push_back(' ');
        append_quoted(out, d.db->description);
        out.append("\r\n");
        if (s.mime) out.append(mime_header);
        append_text(out, d.entry.explanation);
    }
    append_line(out, "250 ok");
}

void dict_service::match(session& s, const dict_command& c, std::string& out) {
    auto chosen = select(c.database);
    if (!chosen.known) return refuse(s, "550 invalid database, use SHOW DB for list", out);
    auto how = strategy_named(c.strategy);
    if (!how) return refuse(s, "551 invalid strategy, use SHOW STRAT for a list", out);

    struct found {
        const dict_database* db;
        std::vector<std::string> words;
    };
    std::vector<found> matches;
    std::size_t total = 0;
    for (const auto& db : chosen.databases) {
        if (total == options_.max_matches) break;
        auto words = match_words(*db.store, *how, c.text, options_.max_matches - total);
        if (words.empty()) continue;
        total += words.size();
        matches.push_back({&db, std::move(words)});
        if (chosen.first_answer_only) break;
    }
    if (total == 0) return append_line(out, "552 no match");
    matches_.fetch_add(total, std::memory_order_relaxed);

    open_text(s, out, fmt::format("152 {} matches found", total));
    for (const auto& m : matches) {
        for (const auto& word : m.words) {
            out.append(m.db->name);   // an atom, never starting with '.': no dot-stuffing needed
            out.push_back(' ');
            append_quoted(out, word);
            out.append("\r\n");
        }
    }
    append_line(out, ".");
    append_line(out, "250 ok");
}

void dict_service::show_databases(session& s, std::string& out) const {
    if (databases_.empty()) return append_line(out, "554 no databases present");
    open_text(s, out, fmt::format("110 {} databases present", databases_.size()));
    for (const auto& db : databases_) {
        out.append(db.name);
        out.push_back(' ');
        append_quoted(out, db.description);
        out.append("\r\n");
    }
    append_line(out, ".");
    append_line(out, "250 ok");
}

void dict_service::show_strategies(session& s, std::string& out) const {
    open_text(s, out, fmt::format("111 {} strategies available", strategies().size()));
    for (const auto& strategy : strategies()) {
        out.append(strategy.name);
        out.push_back(' ');
        append_quoted(out, strategy.description);
        out.append("\r\n");
    }
    append_line(out, ".");
    append_line(out, "250 ok");
}

void dict_service::show_info(session& s, const dict_command& c, std::string& out) const {
    const auto* db = database_named(c.database);
    if (!db) return refuse(s, "550 invalid database, use SHOW DB for list", out);
    open_text(s, out, fmt::format("112 information for {}", db->name));
    if (!db->info.empty()) {
        append_text(out, db->info);
    } else {
        append_text(out, fmt::format("{}: {}\n{} headwords\n", db->name, db->description, db->store->size()));
    }
    append_line(out, "250 ok");
}

void dict_service::show_server(session& s, std::string& out) const {
    auto up = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_);
    std::string text = fmt::format("{}\nA DICT server (RFC 2229) on coronet, up {} s.\n", options_.server_name, up.count());
    text.append("\nDatabase          Headwords  Description\n");
    for (const auto& db : databases_)
        text.append(fmt::format("{:<16} {:>10}  {}\n", db.name, db.store->size(), db.description));
    open_text(s, out, "114 server information");
    append_text(out, text);
    append_line(out, "250 ok");
}

void dict_service::help(session& s, std::string& out) const {
    open_text(s, out, "113 help text follows");
    append_text(out, help_text);
    append_line(out, "250 ok");
}

void dict_service::status(std::string& out) const {
    append_format(out, "210 status [connections {}, commands {}, definitions {}, matches {}]\r\n",
                  connections_.load(std::memory_order_relaxed), commands_.load(std::memory_order_relaxed),
                  definitions_.load(std::memory_order_relaxed), matches_.load(std::memory_order_relaxed));
}

}  // namespace coronet::handlers::dict_detail
