// A whole dictd .index file: every line parsed (index_line.hpp), classified (a word or the
// database's own entry) and checked against the size of the data it points into.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "database_entries.hpp"

namespace coronet::handlers::dictd_import_detail {

struct index_record {
    std::string_view headword;   // points into the index file's text
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    std::size_t line = 0;        // 1-based
    database_entry kind = database_entry::none;
};

// `text` is the content of `file` (named in errors). Throws dictd_error "FILE:LINE: ..." on the
// first malformed line or one whose definition lies beyond `data_size` bytes of `data_file`.
std::vector<index_record> parse_index_file(const std::filesystem::path& file, std::string_view text,
                                           const std::filesystem::path& data_file, std::uint64_t data_size);

}  // namespace coronet::handlers::dictd_import_detail
