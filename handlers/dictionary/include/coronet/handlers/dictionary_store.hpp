// The dictionary's word store: one SQLite file (WAL mode, synchronous=FULL), independent of
// HTTP so the same store can be served over HTTP, UDP, TCP and the DICT protocol.
//
// - Thread-safe: any number of threads may look up while others write. Each call borrows a
//   connection from a small pool (one per concurrently active thread); readers never block
//   on writers (WAL), writers are serialized.
// - Durable: once put/erase/import_wordbook returns, the change survives the process being
//   killed (SIGKILL) at any moment; readers see a change whole or not at all.
// - Words are compared byte-exact (UTF-8); the case-insensitive fallback of lookup folds ASCII
//   letters only (A-Z), so "Émile" and "émile" are different words for now.
// - A full disk (SQLite's SQLITE_FULL, or an I/O error with ENOSPC or EDQUOT) is thrown as
//   store_full: nothing of that write is stored, everything stored before stays, reads go on
//   working, and writes work again once there is room. Other errors of SQLite (a corrupt file)
//   are thrown as std::runtime_error; invalid arguments (an empty word, invalid UTF-8) as
//   std::invalid_argument.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <istream>
#include <ostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace coronet::handlers {

// A write refused because the disk holding the store is full (see dictionary_store).
class store_full : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class dictionary_store {
public:
    struct entry {
        std::string word;
        std::string explanation;
        bool operator==(const entry&) const = default;
    };

    enum class skip_reason { empty_word, missing_explanation, invalid_utf8 };

    struct skipped_line {
        std::size_t line;      // 1-based
        skip_reason reason;
        bool operator==(const skipped_line&) const = default;
    };

    struct import_result {
        std::size_t lines_read = 0;   // every line, blank ones included
        std::size_t imported = 0;     // lines that created or replaced an entry
        std::vector<skipped_line> skipped;
    };

    // Opens (creating if needed) the database file; its directory must exist.
    explicit dictionary_store(std::filesystem::path db);
    ~dictionary_store();
    dictionary_store(dictionary_store&&) noexcept;
    dictionary_store& operator=(dictionary_store&&) noexcept;

    // A word book: one entry a line, the word, whitespace (spaces or tabs), its explanation
    // (trailing whitespace and a CR are dropped; a UTF-8 BOM on the first line is ignored).
    // Lines that are empty or only whitespace are ignored without being reported; a line that
    // starts with whitespace has an empty word. Entries are upserted (a later line for the same
    // word wins) in one transaction: the whole book is applied or, on an error, none of it.
    import_result import_wordbook(std::istream& book);

    // Entries from any source (a dictd database, say), upserted in one transaction like a word
    // book: `next` yields entries until it returns std::nullopt. An entry with an empty word or
    // text that is not UTF-8 is skipped and reported by its 1-based position (`line`);
    // `progress`, when given, is called every 10,000 entries with the count so far.
    import_result import_entries(const std::function<std::optional<entry>()>& next,
                                 const std::function<void(std::size_t)>& progress = {});

    // The entry spelled exactly `word`; otherwise one that equals it ignoring ASCII case (the
    // bytewise smallest such spelling, so the answer is stable).
    std::optional<entry> lookup(std::string_view word) const;

    // Entries whose word starts with `p` (byte-exact, so case-sensitive), sorted bytewise
    // (which for UTF-8 is code point order); `offset` entries skipped, at most `limit` returned.
    std::vector<entry> prefix(std::string_view p, std::size_t limit, std::size_t offset = 0) const;

    // "Did you mean": up to `limit` words near `word` by edit distance (in code points, ASCII
    // case ignored, adjacent swaps count 1), nearest first, then nearest in length. The distance
    // allowed is 1 for words of up to 3 code points, else 2. Served from an in-memory sorted
    // list of the words (about 40 bytes a word), loaded on the first call and kept in step with
    // this object's writes; a write made by another process shows after the next
    // import_wordbook. About 1-2 ms on a 100k-word list (a pruned trie walk over the list).
    std::vector<std::string> suggest(std::string_view word, std::size_t limit = 5) const;
    // The same search with the distance given: words within `max_distance` (at most 4) of `word`.
    std::vector<std::string> near(std::string_view word, std::size_t max_distance, std::size_t limit) const;
    // Every word `match` accepts, in bytewise order, at most `limit`: a scan of the in-memory
    // word list (a few milliseconds per 100k words), for searches SQLite has no index for
    // (suffix, substring, sound-alike, case-insensitive prefix).
    std::vector<std::string> find_words(const std::function<bool(std::string_view)>& match, std::size_t limit) const;

    // Creates or replaces; true if the word was new.
    bool put(std::string_view word, std::string_view explanation);
    // True if the word was there.
    bool erase(std::string_view word);
    // Named values kept in the store beside the words (what was imported, a description), so
    // they survive restarts with the data. Durable like put().
    std::optional<std::string> property(std::string_view name) const;
    void set_property(std::string_view name, std::string_view value);

    std::size_t size() const;   // counts every row: O(n), 0.2 s for GCIDE's 177k
    bool empty() const;         // one row read

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// "empty word", "missing explanation", "invalid UTF-8".
std::string_view to_string(dictionary_store::skip_reason reason);
// "word => explanation" and "line N: reason": for logs, and for test frameworks to print.
std::ostream& operator<<(std::ostream& os, const dictionary_store::entry& e);
std::ostream& operator<<(std::ostream& os, const dictionary_store::skipped_line& s);

}  // namespace coronet::handlers
