#pragma once
// The temporary files a PUT writes before renaming them over their target. Hidden (a dot name)
// and named ".coronet-part-" + 16 hexadecimal digits, so that a restarted server can tell the
// ones a killed process left from anyone else's files, and no request can name one.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace coronet::handlers::detail {

// True for a name create_temp_file makes.
bool is_temp_name(std::string_view name);

// A new temporary file in `directory` (a descriptor), open for writing: its descriptor and
// name, or -1 with errno set.
std::pair<int, std::string> create_temp_file(int directory);

// Removes the temporary files a killed process left in `root` (a directory descriptor) and the
// directories below it, without following symlinks; how many it removed.
std::size_t remove_leftover_temp_files(int root);

}  // namespace coronet::handlers::detail
