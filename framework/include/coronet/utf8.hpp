#pragma once
// UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
#include <string>
#include <string_view>

namespace coronet {

bool is_valid_utf8(std::string_view text);
// `text` with every byte that is not part of valid UTF-8 replaced by U+FFFD, e.g. to echo
// bytes that need not be UTF-8 (headers, targets) inside a JSON document.
std::string to_valid_utf8(std::string_view text);

}  // namespace coronet
