// Thin RAII wrappers over the SQLite C API: a connection, a prepared statement, and a guard
// that resets a statement when its use ends.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include <sqlite3.h>

namespace coronet::handlers::dictionary_detail {

class database {
public:
    // Opens read-write, creating the file if needed.
    explicit database(const std::filesystem::path& file);

    // Runs SQL without results worth reading (pragmas, schema, BEGIN/COMMIT).
    void exec(const char* sql);
    // Rows changed by the last INSERT/UPDATE/DELETE on this connection.
    std::int64_t changes() const noexcept;
    sqlite3* get() const noexcept { return db_.get(); }
    // Throws std::runtime_error naming `what` and SQLite's message; store_full for a full disk.
    [[noreturn]] void fail(std::string_view what) const;

private:
    struct closer {
        void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
    };
    std::unique_ptr<sqlite3, closer> db_;
};

class statement {
public:
    statement(database& db, std::string_view sql);

    // Parameters are 1-based, as in SQL. Text is bound without a copy: it must stay alive
    // until the statement is reset (a reset_guard's scope).
    statement& bind(int index, std::string_view text);
    statement& bind(int index, std::int64_t value);
    statement& bind_null(int index);

    // Advances; true while there is a row to read.
    bool step();
    std::string_view text(int column) const;
    std::int64_t integer(int column) const;

    // Ends the current use: releases the read snapshot and the bound views.
    void reset() noexcept;

private:
    struct finalizer {
        void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
    };
    database* db_;
    std::unique_ptr<sqlite3_stmt, finalizer> stmt_;
};

// A statement stepped only partway (LIMIT 1 read once) keeps its read transaction open, which
// holds back WAL checkpoints; resetting on scope exit ends every use promptly, even on throw.
class reset_guard {
public:
    explicit reset_guard(statement& s) : s_(s) {}
    ~reset_guard() { s_.reset(); }
    reset_guard(const reset_guard&) = delete;
    reset_guard& operator=(const reset_guard&) = delete;

private:
    statement& s_;
};

}  // namespace coronet::handlers::dictionary_detail
