#pragma once
// The pieces of a DICT reply, appended to one buffer so a whole reply leaves in one write.
#include <string>
#include <string_view>

namespace coronet::handlers::dict_detail {

// `line` and CRLF.
void append_line(std::string& out, std::string_view line);

// `word` as a DICT string: in double quotes, with '"' and '\' escaped by a backslash. Always
// quoted (as dictd does), so headwords with spaces survive.
void append_quoted(std::string& out, std::string_view word);

// `text` as the body of a text response (RFC 2229 2.4.3): each '\n'-separated line (CRs
// dropped) ended by CRLF, a '.' doubled at the start of every line that starts with one, then
// the terminating ".". A final '\n' ends the last line rather than opening an empty one.
void append_text(std::string& out, std::string_view text);

// What OPTION MIME puts before every text response (RFC 2229 3.10): a MIME header and the
// blank line that ends it.
inline constexpr std::string_view mime_header =
    "Content-type: text/plain; charset=utf-8\r\nContent-transfer-encoding: 8bit\r\n\r\n";

}  // namespace coronet::handlers::dict_detail
