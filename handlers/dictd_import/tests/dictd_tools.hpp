// The real dictd tools for black-box tests: dictfmt makes a database from text, dictzip
// compresses its data with a random-access table, gzip without one. Each is found by CMake
// (CORONET_*_BIN); a test that needs a missing one says so and skips.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace coronet::testing::dictd {

bool have_dictfmt();
bool have_dictzip();
bool have_gzip();

void write_file(const std::filesystem::path& file, std::string_view bytes);
std::string read_file(const std::filesystem::path& file);

// `dir/name.index` and `dir/name.dict` from `source` in dictfmt's -c5 format (each entry: a
// line of 5 underscores, a blank line, the headword, its definition); `options` are added.
void dictfmt(const std::filesystem::path& dir, const std::string& name, std::string_view source,
             const std::vector<std::string>& options);
// `file` + ".dz", keeping `file`.
std::filesystem::path dictzip(const std::filesystem::path& file);
// `file` + ".gz", keeping `file`.
std::filesystem::path gzip(const std::filesystem::path& file);

}  // namespace coronet::testing::dictd
