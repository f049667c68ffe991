#pragma once
// Which names the file transfer accepts: a plain file name inside the served directory, never
// a path. Allowed: 1 to 255 bytes of UTF-8 (Chinese names included) and spaces inside, except
//   - '/' and '\' (a name is not a path: no "../x", no "/etc/passwd", no "a\b"),
//   - control characters (U+0000-U+001F, U+007F-U+009F: NUL, newlines, escapes),
//   - a leading '.' (so ".", "..", hidden files and the server's own temporary files are out),
//   - a leading or trailing space (names that look alike on a screen).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace coronet::handlers {

inline constexpr std::size_t max_file_name_bytes = 255;   // NAME_MAX of Linux file systems

// Why `name` is refused, as a sentence for the client; std::nullopt when it is a valid name.
std::optional<std::string> file_name_problem(std::string_view name);

}  // namespace coronet::handlers
