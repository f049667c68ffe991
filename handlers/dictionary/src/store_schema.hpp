// The store's tables, and the upgrade of a file written by an older version.
#pragma once

#include "sqlite.hpp"

namespace coronet::handlers::dictionary_detail {

// The layout's version, kept in the file's user_version.
//   1: words(word PRIMARY KEY, explanation) WITHOUT ROWID (before 2026-11-22)
//   2: words(word PRIMARY KEY, text_id) WITHOUT ROWID and texts(id, body): an explanation is
//      stored once however many headwords share it, and rows stay small.
inline constexpr int schema_version = 2;

// Creates the tables of an empty file, or upgrades an older one in one transaction; a file
// from a newer version is refused (std::runtime_error) rather than misread.
void prepare_schema(database& db);

}  // namespace coronet::handlers::dictionary_detail
