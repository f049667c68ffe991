#include <coronet/handlers/dictionary_store.hpp>

#include <cstdint>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include "sqlite.hpp"
#include "store_schema.hpp"
#include "word_index.hpp"
#include "word_book.hpp"

namespace coronet::handlers {

using dictionary_detail::database;
using dictionary_detail::reset_guard;
using dictionary_detail::statement;

namespace {

// Opens a connection with the settings every connection needs (they are per connection,
// except journal_mode, which the file remembers).
database open_database(const std::filesystem::path& file) {
    database db(file);
    // A writer in another process (or a checkpoint) may hold the lock briefly; wait for it
    // instead of failing with SQLITE_BUSY.
    db.exec("PRAGMA busy_timeout = 5000");
    // FULL: in WAL mode NORMAL may lose the last commits on power loss or SIGKILL-then-crash;
    // FULL syncs the WAL on every commit, so an acknowledged write is on disk.
    db.exec("PRAGMA synchronous = FULL");
    return db;
}

void check_argument(bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(what);
}

void check_entry(std::string_view word, std::string_view explanation) {
    check_argument(!word.empty(), "dictionary_store: empty word");
    check_argument(dictionary_detail::is_valid_utf8(word), "dictionary_store: word is not UTF-8");
    check_argument(dictionary_detail::is_valid_utf8(explanation),
                   "dictionary_store: explanation is not UTF-8");
}

// The smallest string greater than every string starting with `p`, or nullopt when there is
// none (p empty or all 0xff bytes): lets a prefix scan be a range scan over the primary key.
std::optional<std::string> prefix_upper_bound(std::string_view p) {
    std::string bound(p);
    while (!bound.empty() && static_cast<unsigned char>(bound.back()) == 0xff) bound.pop_back();
    if (bound.empty()) return std::nullopt;
    bound.back() = static_cast<char>(static_cast<unsigned char>(bound.back()) + 1);
    return bound;
}

std::int64_t to_sql_count(std::size_t n) {
    // SQLite's LIMIT/OFFSET are signed 64-bit; clamp rather than wrap to negative ("no limit").
    constexpr auto max = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
    return static_cast<std::int64_t>(n < max ? n : max);
}

dictionary_store::entry read_entry(const statement& s) {
    return {std::string(s.text(0)), std::string(s.text(1))};
}

// One connection and its prepared statements, used by one thread at a time.
struct connection {
    database db;
    statement lookup, lookup_nocase, prefix, prefix_to_end, text_of, text_users, insert_word, point_word, erase_word,
        insert_text, update_text, drop_text_if_unused, read_text, count, any, all_words, get_property, set_property;

    explicit connection(database opened)
        : db(std::move(opened)),
          // The exact spelling is one search of the words table and one of texts; only a miss
          // pays for the NOCASE index (and the second search it needs to reach the row).
          lookup(db, "SELECT w.word, t.body FROM words w JOIN texts t ON t.id = w.text_id WHERE w.word = ?1"),
          lookup_nocase(db, "SELECT w.word, t.body FROM words w JOIN texts t ON t.id = w.text_id "
                            "WHERE w.word = ?1 COLLATE NOCASE ORDER BY w.word LIMIT 1"),
          // Two statements, not one with "?2 IS NULL OR w.word < ?2": SQLite's plan cannot use
          // an optional bound, and then reads every word after the prefix's (12 ms on 100k words).
          prefix(db, "SELECT w.word, t.body FROM words w JOIN texts t ON t.id = w.text_id WHERE w.word >= ?1 "
                     "AND w.word < ?2 ORDER BY w.word LIMIT ?3 OFFSET ?4"),
          prefix_to_end(db, "SELECT w.word, t.body FROM words w JOIN texts t ON t.id = w.text_id WHERE w.word >= ?1 "
                            "ORDER BY w.word LIMIT ?3 OFFSET ?4"),
          text_of(db, "SELECT text_id FROM words WHERE word = ?1"),
          text_users(db, "SELECT count(*) FROM (SELECT 1 FROM words WHERE text_id = ?1 LIMIT 2)"),
          insert_word(db, "INSERT INTO words(word, text_id) VALUES(?1, ?2)"),
          point_word(db, "UPDATE words SET text_id = ?2 WHERE word = ?1"),
          erase_word(db, "DELETE FROM words WHERE word = ?1"),
          insert_text(db, "INSERT INTO texts(body) VALUES(?1)"),
          update_text(db, "UPDATE texts SET body = ?2 WHERE id = ?1"),
          drop_text_if_unused(db, "DELETE FROM texts WHERE id = ?1 "
                                  "AND NOT EXISTS (SELECT 1 FROM words WHERE text_id = ?1)"),
          read_text(db, "SELECT body FROM texts WHERE id = ?1"),
          count(db, "SELECT count(*) FROM words"),
          any(db, "SELECT 1 FROM words LIMIT 1"),
          all_words(db, "SELECT word FROM words ORDER BY word"),
          get_property(db, "SELECT value FROM properties WHERE name = ?1"),
          set_property(db, "INSERT INTO properties(name, value) VALUES(?1, ?2) "
                           "ON CONFLICT(name) DO UPDATE SET value = excluded.value") {}

    // The statements below run inside the caller's write transaction.

    std::optional<std::int64_t> current_text(std::string_view word) {
        reset_guard guard(text_of);
        if (!text_of.bind(1, word).step()) return std::nullopt;
        return text_of.integer(0);
    }

    bool shared(std::int64_t text) {
        reset_guard guard(text_users);
        text_users.bind(1, text).step();
        return text_users.integer(0) > 1;
    }

    std::int64_t add_text(std::string_view body) {
        reset_guard guard(insert_text);
        insert_text.bind(1, body).step();
        return sqlite3_last_insert_rowid(db.get());
    }

    bool text_is(std::int64_t text, std::string_view body) {
        reset_guard guard(read_text);
        return read_text.bind(1, text).step() && read_text.text(0) == body;
    }

    void run(statement& s, std::string_view word, std::int64_t text) {
        reset_guard guard(s);
        s.bind(1, word).bind(2, text).step();
    }

    void drop_if_unused(std::int64_t text) {
        reset_guard guard(drop_text_if_unused);
        drop_text_if_unused.bind(1, text).step();
    }
};

// Finds the texts an import already stored, so headwords with one explanation share one row.
// Keyed by a hash of the body and confirmed by reading the row back: a collision, or a text
// deleted since, costs a second row, never a wrong answer.
class text_deduplicator {
public:
    std::int64_t store(connection& conn, std::string_view body) {
        auto [first, last] = seen_.equal_range(std::hash<std::string_view>{}(body));
        for (auto it = first; it != last; ++it)
            if (conn.text_is(it->second, body)) return it->second;
        std::int64_t id = conn.add_text(body);
        seen_.emplace(std::hash<std::string_view>{}(body), id);
        return id;
    }

private:
    std::unordered_multimap<std::size_t, std::int64_t> seen_;
};

// Creates or replaces `word` inside the caller's transaction; true if created. Without a
// deduplicator an unshared text is rewritten in place; a shared one is left to its other
// headwords. A text no headword uses any more is deleted.
bool upsert(connection& conn, std::string_view word, std::string_view body, text_deduplicator* dedup) {
    auto old = conn.current_text(word);
    if (old && dedup && conn.text_is(*old, body)) return false;   // a re-import of the same entry
    if (old && !dedup && !conn.shared(*old)) {
        reset_guard guard(conn.update_text);
        conn.update_text.bind(1, *old).bind(2, body).step();
        return false;
    }
    std::int64_t text = dedup ? dedup->store(conn, body) : conn.add_text(body);
    if (!old) {
        conn.run(conn.insert_word, word, text);
        return true;
    }
    if (*old != text) {
        conn.run(conn.point_word, word, text);
        conn.drop_if_unused(*old);
    }
    return false;
}

}  // namespace

struct dictionary_store::impl {
    std::filesystem::path file;
    std::mutex pool_mutex;
    std::vector<std::unique_ptr<connection>> idle;
    // SQLite admits one writer at a time and makes the others poll with sleeps (busy_timeout);
    // queueing this process's writers on a mutex hands over at once instead.
    std::mutex write_mutex;
    dictionary_detail::word_index words{[this] { return load_words(); }};

    // A borrowed connection, returned to the pool when the borrower is done.
    class lease {
    public:
        explicit lease(impl& owner) : owner_(owner), conn_(owner.take()) {}
        ~lease() { owner_.give_back(std::move(conn_)); }
        lease(const lease&) = delete;
        lease& operator=(const lease&) = delete;
        connection* operator->() const noexcept { return conn_.get(); }

    private:
        impl& owner_;
        std::unique_ptr<connection> conn_;
    };

    // A write transaction: serialized in-process, BEGIN IMMEDIATE so the write lock is taken
    // up front (no upgrade deadlock with another process), rolled back unless committed.
    class write_transaction {
    public:
        explicit write_transaction(impl& owner) : lock_(owner.write_mutex), conn_(owner) {
            conn_->db.exec("BEGIN IMMEDIATE");
        }
        ~write_transaction() {
            if (!committed_) sqlite3_exec(conn_->db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
        }
        write_transaction(const write_transaction&) = delete;
        write_transaction& operator=(const write_transaction&) = delete;
        connection* operator->() const noexcept { return conn_.operator->(); }
        connection& conn() const noexcept { return *conn_.operator->(); }
        void commit() {
            conn_->db.exec("COMMIT");
            committed_ = true;
        }

    private:
        std::lock_guard<std::mutex> lock_;
        lease conn_;
        bool committed_ = false;
    };

    explicit impl(std::filesystem::path db) : file(std::move(db)) {
        database first = open_database(file);
        // WAL: readers keep reading a snapshot while a writer commits, and a commit is one
        // append + fsync. The mode is stored in the file, so setting it once is enough.
        first.exec("PRAGMA journal_mode = WAL");
        dictionary_detail::prepare_schema(first);
        idle.push_back(std::make_unique<connection>(std::move(first)));
    }

    std::unique_ptr<connection> take() {
        {
            std::lock_guard lock(pool_mutex);
            if (!idle.empty()) {
                auto conn = std::move(idle.back());
                idle.pop_back();
                return conn;
            }
        }
        // Opened outside the lock: opening and preparing touch the disk. The pool grows to
        // the number of threads ever active at once, which is the server's thread count.
        return std::make_unique<connection>(open_database(file));
    }

    void give_back(std::unique_ptr<connection> conn) {
        if (!conn) return;
        std::lock_guard lock(pool_mutex);
        idle.push_back(std::move(conn));
    }

    std::vector<std::string> load_words() {
        lease conn(*this);
        reset_guard guard(conn->all_words);
        std::vector<std::string> out;
        while (conn->all_words.step()) out.emplace_back(conn->all_words.text(0));
        return out;
    }
};

dictionary_store::dictionary_store(std::filesystem::path db)
    : impl_(std::make_unique<impl>(std::move(db))) {}
dictionary_store::~dictionary_store() = default;
dictionary_store::dictionary_store(dictionary_store&&) noexcept = default;
dictionary_store& dictionary_store::operator=(dictionary_store&&) noexcept = default;

dictionary_store::import_result dictionary_store::import_wordbook(std::istream& book) {
    import_result result;
    impl::write_transaction tx(*impl_);
    text_deduplicator dedup;
    for (std::string line; std::getline(book, line);) {
        std::string_view text = line;
        if (++result.lines_read == 1 && text.starts_with("\xef\xbb\xbf")) text.remove_prefix(3);
        auto parsed = dictionary_detail::parse_word_book_line(text);
        if (auto* e = std::get_if<dictionary_detail::book_entry>(&parsed)) {
            upsert(tx.conn(), e->word, e->explanation, &dedup);
            ++result.imported;
        } else if (auto* reason = std::get_if<skip_reason>(&parsed)) {
            result.skipped.push_back({result.lines_read, *reason});
        }
    }
    if (book.bad()) throw std::runtime_error("dictionary_store: reading the word book failed");
    tx.commit();
    impl_->words.invalidate();
    return result;
}

dictionary_store::import_result dictionary_store::import_entries(const std::function<std::optional<entry>()>& next,
                                                                 const std::function<void(std::size_t)>& progress) {
    import_result result;
    impl::write_transaction tx(*impl_);
    text_deduplicator dedup;
    while (auto e = next()) {
        ++result.lines_read;
        if (e->word.empty()) {
            result.skipped.push_back({result.lines_read, skip_reason::empty_word});
        } else if (!dictionary_detail::is_valid_utf8(e->word) || !dictionary_detail::is_valid_utf8(e->explanation)) {
            result.skipped.push_back({result.lines_read, skip_reason::invalid_utf8});
        } else {
            upsert(tx.conn(), e->word, e->explanation, &dedup);
            ++result.imported;
        }
        if (progress && result.lines_read % 10000 == 0) progress(result.lines_read);
    }
    tx.commit();
    impl_->words.invalidate();
    return result;
}

std::optional<dictionary_store::entry> dictionary_store::lookup(std::string_view word) const {
    impl::lease conn(*impl_);
    for (statement* s : {&conn->lookup, &conn->lookup_nocase}) {
        reset_guard guard(*s);
        if (s->bind(1, word).step()) return read_entry(*s);
    }
    return std::nullopt;
}

std::vector<dictionary_store::entry> dictionary_store::prefix(std::string_view p,
                                                              std::size_t limit,
                                                              std::size_t offset) const {
    impl::lease conn(*impl_);
    auto upper = prefix_upper_bound(p);
    statement& s = upper ? conn->prefix : conn->prefix_to_end;
    reset_guard guard(s);
    s.bind(1, p).bind(3, to_sql_count(limit)).bind(4, to_sql_count(offset));
    if (upper) s.bind(2, *upper);
    std::vector<entry> out;
    while (s.step()) out.push_back(read_entry(s));
    return out;
}

bool dictionary_store::put(std::string_view word, std::string_view explanation) {
    check_entry(word, explanation);
    impl::write_transaction tx(*impl_);
    bool created = upsert(tx.conn(), word, explanation, nullptr);
    tx.commit();
    if (created) impl_->words.insert(word);
    return created;
}

bool dictionary_store::erase(std::string_view word) {
    impl::write_transaction tx(*impl_);
    auto text = tx->current_text(word);
    if (text) {
        reset_guard guard(tx->erase_word);
        tx->erase_word.bind(1, word).step();
        tx->drop_if_unused(*text);
    }
    bool erased = text.has_value();
    tx.commit();
    if (erased) impl_->words.erase(word);
    return erased;
}

std::vector<std::string> dictionary_store::suggest(std::string_view word, std::size_t limit) const {
    return impl_->words.nearest(word, limit);
}

std::vector<std::string> dictionary_store::near(std::string_view word, std::size_t max_distance, std::size_t limit) const {
    return impl_->words.nearest(word, limit, max_distance);
}

std::vector<std::string> dictionary_store::find_words(const std::function<bool(std::string_view)>& match,
                                                      std::size_t limit) const {
    return impl_->words.find(match, limit);
}

std::size_t dictionary_store::size() const {
    impl::lease conn(*impl_);
    reset_guard guard(conn->count);
    conn->count.step();
    return static_cast<std::size_t>(conn->count.integer(0));
}

std::optional<std::string> dictionary_store::property(std::string_view name) const {
    impl::lease conn(*impl_);
    reset_guard guard(conn->get_property);
    if (!conn->get_property.bind(1, name).step()) return std::nullopt;
    return std::string(conn->get_property.text(0));
}

void dictionary_store::set_property(std::string_view name, std::string_view value) {
    check_argument(dictionary_detail::is_valid_utf8(name) && dictionary_detail::is_valid_utf8(value),
                   "dictionary_store: property is not UTF-8");
    impl::write_transaction tx(*impl_);
    {
        reset_guard guard(tx->set_property);
        tx->set_property.bind(1, name).bind(2, value).step();
    }
    tx.commit();
}

bool dictionary_store::empty() const {
    impl::lease conn(*impl_);
    reset_guard guard(conn->any);
    return !conn->any.step();
}

std::ostream& operator<<(std::ostream& os, const dictionary_store::entry& e) {
    return os << e.word << " => " << e.explanation;
}

std::ostream& operator<<(std::ostream& os, const dictionary_store::skipped_line& s) {
    return os << "line " << s.line << ": " << to_string(s.reason);
}

std::string_view to_string(dictionary_store::skip_reason reason) {
    switch (reason) {
    case dictionary_store::skip_reason::empty_word: return "empty word";
    case dictionary_store::skip_reason::missing_explanation: return "missing explanation";
    case dictionary_store::skip_reason::invalid_utf8: return "invalid UTF-8";
    }
    return "unknown";
}

}  // namespace coronet::handlers
