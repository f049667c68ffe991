#include "store_schema.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace coronet::handlers::dictionary_detail {
namespace {

// Why two tables: SQLite keeps a WITHOUT ROWID row in the B-tree's inner pages too, so rows of
// a kilobyte (an average GCIDE explanation) made a deep tree of four keys a page, and a lookup
// read five pages. Now a headword row is a few bytes (hundreds a page, its inner pages stay in
// the cache) and the text is one search by integer key. Dictionaries share explanations between
// spellings (GCIDE: 177k headwords, 125k texts), which halves the file.
// The NOCASE index serves lookup's case-insensitive fallback (NOCASE folds ASCII only);
// words_by_text finds whether a text is still used when a headword leaves it.
constexpr const char* tables = R"sql(
CREATE TABLE IF NOT EXISTS texts(
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS words(
    word TEXT NOT NULL PRIMARY KEY,
    text_id INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS words_nocase ON words(word COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS words_by_text ON words(text_id);
CREATE TABLE IF NOT EXISTS properties(
    name TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// Version 1 had no user_version (0) and words(word, explanation). Each distinct explanation
// becomes one text; a temporary index on the bodies lets the words find theirs.
constexpr const char* from_version_1 = R"sql(
ALTER TABLE words RENAME TO words_v1;
DROP INDEX IF EXISTS words_nocase;
CREATE TABLE texts(
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL
);
INSERT INTO texts(body) SELECT DISTINCT explanation FROM words_v1;
CREATE INDEX texts_by_body ON texts(body);
CREATE TABLE words(
    word TEXT NOT NULL PRIMARY KEY,
    text_id INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO words(word, text_id) SELECT w.word, t.id FROM words_v1 w JOIN texts t ON t.body = w.explanation;
DROP INDEX texts_by_body;
DROP TABLE words_v1;
)sql";

int user_version(database& db) {
    statement s(db, "PRAGMA user_version");
    reset_guard guard(s);
    s.step();
    return static_cast<int>(s.integer(0));
}

bool has_version_1_words(database& db) {
    statement s(db, "SELECT 1 FROM pragma_table_info('words') WHERE name = 'explanation'");
    reset_guard guard(s);
    return s.step();
}

}  // namespace

void prepare_schema(database& db) {
    // IMMEDIATE: two processes opening one new file must not both create or upgrade it.
    db.exec("BEGIN IMMEDIATE");
    try {
        int version = user_version(db);
        if (version > schema_version)
            throw std::runtime_error(fmt::format("dictionary_store: the file has layout {}, newer than this "
                                                 "program's {}; use a newer coronet",
                                                 version, schema_version));
        if (version < schema_version) {
            if (has_version_1_words(db)) db.exec(from_version_1);
            db.exec(tables);
            db.exec(fmt::format("PRAGMA user_version = {}", schema_version).c_str());
        }
        db.exec("COMMIT");
    } catch (...) {
        sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

}  // namespace coronet::handlers::dictionary_detail
