#pragma once
// UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), and
// control characters, which text bound for a terminal must not carry.
#include <string>
#include <string_view>

namespace coronet {

bool is_valid_utf8(std::string_view text);
// `text` with every byte that is not part of valid UTF-8 replaced by U+FFFD, e.g. to echo
// bytes that need not be UTF-8 (headers, targets) inside a JSON document.
std::string to_valid_utf8(std::string_view text);

// Whether valid UTF-8 `text` holds a control character: C0 (U+0000-U+001F) other than those
// listed in `allowed`, DEL, or C1 (U+0080-U+009F, e.g. U+009B, a terminal's CSI). Text from the
// network that reaches a terminal, a log or a file name must not carry them.
bool has_control_characters(std::string_view text, std::string_view allowed = {});
// `text` made safe to print: to_valid_utf8, then every control character not in `allowed`
// replaced by '?'.
std::string to_printable(std::string_view text, std::string_view allowed = "\t");

}  // namespace coronet
