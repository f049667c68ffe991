// Importing a dictd database (the format of dictd and the Debian dict-* packages: a .index
// file and a .dict or dictzip .dict.dz data file) into a dictionary_store.
//
// - One store entry per headword: the definitions of a headword that has several index lines
//   (GCIDE has many) are joined in index order, separated by a blank line. Each definition is
//   kept as written (with the headword line dictfmt puts first) except for its trailing line
//   breaks; bytes that are not UTF-8 are replaced by U+FFFD and the line reported.
// - The database's own entries (00-database-short, -info, -url, ...; also spelled
//   00databaseshort) are not words: their text is returned (for DICT's SHOW DB and SHOW INFO).
//   Copies some databases add under their own name (GCIDE's 00-gcide-short) are left out too.
// - Everything is checked before the store is touched (fields, base64 numbers, ranges, gzip
//   header, dictzip table, each chunk's size); a defect throws dictd_error naming the file and
//   the line or offset, and the store is left as it was. Entries are upserted in one
//   transaction (dictionary_store::import_entries).
// - Fast: definitions are read in data order, so each dictzip chunk is inflated once.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <coronet/handlers/dictionary_store.hpp>

namespace coronet::handlers {

// A file that is not a valid dictd index or data file; what() is "FILE:LINE: ..." for the
// index, "FILE: ... offset N ..." for the data.
class dictd_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// What a database says about itself; empty strings for entries it does not have.
struct dictd_database_info {
    std::string short_description;   // 00-database-short, on one line ("The Collaborative ...")
    std::string info;                 // 00-database-info, as written (several lines)
    std::string url;                  // 00-database-url
    bool utf8 = false;                // 00-database-utf8: the database says its text is UTF-8
};

struct dictd_import_result {
    dictionary_store::import_result store;   // as the store saw it: one entry per headword
    dictd_database_info info;
    std::size_t index_lines = 0;
    std::size_t headwords = 0;                // distinct headwords imported
    std::size_t database_entries = 0;         // index lines of the 00-database-* kind, not imported
    // Index lines (1-based) not imported: an empty headword or one that is not UTF-8.
    std::vector<dictionary_store::skipped_line> skipped;
    // Index lines whose definition had bytes that are not UTF-8 (replaced by U+FFFD).
    std::vector<std::size_t> repaired_utf8;
};

// Reads `index` and `data` (.dict, .dict.dz or any gzip file) and upserts every headword into
// `store`. `progress(done, total)`, when given, counts index lines (for a progress bar): it is
// called as entries are stored, at most about every 1% and at the end with done == total.
// Throws dictd_error for defective files, std::runtime_error for the store's errors.
dictd_import_result import_dictd(dictionary_store& store,
                                 const std::filesystem::path& index,
                                 const std::filesystem::path& data,
                                 const std::function<void(std::size_t done, std::size_t total)>& progress = {});

// Only the database's own entries, without importing (cheap: reads the index and the few
// definitions needed), e.g. to describe an already imported database at start-up.
dictd_database_info read_dictd_info(const std::filesystem::path& index, const std::filesystem::path& data);

}  // namespace coronet::handlers
