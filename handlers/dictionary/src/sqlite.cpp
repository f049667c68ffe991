#include "sqlite.hpp"

#include <cerrno>
#include <stdexcept>

#include <fmt/format.h>

#include <coronet/handlers/dictionary_store.hpp>

namespace coronet::handlers::dictionary_detail {

database::database(const std::filesystem::path& file) {
    sqlite3* raw = nullptr;
    // NOMUTEX: the pool hands a connection to one thread at a time, so SQLite's own
    // per-connection lock would only cost.
    int rc = sqlite3_open_v2(file.c_str(), &raw,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    db_.reset(raw);  // owned even on failure: sqlite3_open_v2 may allocate a handle anyway
    if (rc != SQLITE_OK) fail(fmt::format("opening {}", file.string()));
}

void database::exec(const char* sql) {
    if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
}

std::int64_t database::changes() const noexcept { return sqlite3_changes(db_.get()); }

namespace {

// SQLite says SQLITE_FULL when a write finds no room; growing the shared-memory index or
// truncating may report the same as an I/O error, whose errno tells.
bool disk_is_full(sqlite3* db) {
    int code = sqlite3_extended_errcode(db) & 0xff;
    int error = sqlite3_system_errno(db);
    return code == SQLITE_FULL || (code == SQLITE_IOERR && (error == ENOSPC || error == EDQUOT));
}

}  // namespace

void database::fail(std::string_view what) const {
    if (!db_) throw std::runtime_error(fmt::format("sqlite: {}: out of memory", what));
    auto text = fmt::format("sqlite: {}: {}", what, sqlite3_errmsg(db_.get()));
    if (disk_is_full(db_.get())) throw store_full(fmt::format("the disk is full: {}", text));
    throw std::runtime_error(text);
}

statement::statement(database& db, std::string_view sql) : db_(&db) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v3(db.get(), sql.data(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK)
        db.fail(fmt::format("preparing {}", sql));
    stmt_.reset(raw);
}

statement& statement::bind(int index, std::string_view text) {
    // A null pointer would bind SQL NULL, not the empty string.
    const char* data = text.data() ? text.data() : "";
    if (sqlite3_bind_text64(stmt_.get(), index, data, text.size(), SQLITE_STATIC,
                            SQLITE_UTF8) != SQLITE_OK)
        db_->fail("binding text");
    return *this;
}

statement& statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(stmt_.get(), index, value) != SQLITE_OK) db_->fail("binding integer");
    return *this;
}

statement& statement::bind_null(int index) {
    if (sqlite3_bind_null(stmt_.get(), index) != SQLITE_OK) db_->fail("binding null");
    return *this;
}

bool statement::step() {
    switch (sqlite3_step(stmt_.get())) {
    case SQLITE_ROW: return true;
    case SQLITE_DONE: return false;
    default: db_->fail(sqlite3_sql(stmt_.get()));
    }
}

std::string_view statement::text(int column) const {
    // A NULL or empty value gives a null pointer; the size is read after the pointer, as the
    // SQLite documentation requires.
    auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), column));
    auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column));
    return data ? std::string_view(data, size) : std::string_view();
}

std::int64_t statement::integer(int column) const {
    return sqlite3_column_int64(stmt_.get(), column);
}

void statement::reset() noexcept {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
}

}  // namespace coronet::handlers::dictionary_detail
