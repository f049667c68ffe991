#pragma once
// The file transfer's wire format, revision 2 (see handlers/file_transfer/README.md). A request
// is one line, a reply starts with one line; file bytes follow raw, their count announced before
// them:
//
//   PUT SIZE SHA256 NAME "\n"   upload: the server answers "CONTINUE\n" (or an ERR line, then
//                               closes), the client sends SIZE bytes, the server answers
//                               "OK SIZE SHA256\n" once the file is stored under NAME
//   GET NAME "\n"               download: "OK SIZE\n", then SIZE bytes, then "SHA256 hex\n" (the
//                               trailer: the digest of the bytes sent, computed while sending them,
//                               so no byte waits for a whole file to be hashed). A server that
//                               cannot send all SIZE bytes closes the connection instead.
//   LIST "\n"                   "OK SIZE\n", then SIZE bytes of lines "FILE-SIZE NAME\n"
//   any failure                 "ERR CODE MESSAGE\n" (CODE one of status_code, MESSAGE a sentence)
//
// SIZE is decimal, 64-bit; SHA256 is 64 hexadecimal digits (lowercase when sent). NAME comes
// last, so it may hold spaces (file_name.hpp says which names are allowed). Revision 1 sent a
// GET's digest in its head ("OK SIZE SHA256"), after hashing the whole file first.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace coronet::handlers::file_protocol {

inline constexpr std::size_t max_line_bytes = 1024;   // requests and reply heads
inline constexpr std::string_view continue_line = "CONTINUE";
inline constexpr std::string_view trailer_keyword = "SHA256";   // the line after a GET's bytes

enum class status_code {
    bad_request,       // not a request line of this protocol
    bad_name,          // file_name_problem() refused the name
    not_found,         // GET of a name that is not a regular file in the directory
    too_large,         // PUT over the server's size limit
    no_space,          // the disk is full
    size_mismatch,     // the upload ended before SIZE bytes
    digest_mismatch,   // the bytes do not have the announced SHA-256
    io_error,          // the server could not read or write a file
};
std::string_view to_string(status_code code);                       // "bad-request", "not-found", ...
std::optional<status_code> parse_status_code(std::string_view text);

enum class command { put, get, list };

struct request {
    command verb = command::list;
    std::string name;              // put, get
    std::uint64_t size = 0;        // put
    std::string sha256;            // put: 64 lowercase hex digits
};

// A request line (without its "\n") parsed, or why it is refused (`code` bad_request or bad_name).
struct parsed_request {
    std::optional<request> value;
    status_code code = status_code::bad_request;
    std::string problem;
};
parsed_request parse_request(std::string_view line);

struct reply {
    bool ok = false;
    std::uint64_t size = 0;        // ok
    std::string sha256;            // ok: PUT's answer ("" for GET and LIST)
    status_code code = status_code::bad_request;   // not ok
    std::string message;           // not ok
};
// A reply line (without its "\n"); std::nullopt when it is not one.
std::optional<reply> parse_reply(std::string_view line);

// A GET's trailer line (without its "\n"): the digest in lowercase; std::nullopt when it is
// not "SHA256 " and 64 hexadecimal digits.
std::optional<std::string> parse_trailer(std::string_view line);

// Each line with its "\n".
std::string format_put(std::uint64_t size, std::string_view sha256, std::string_view name);
std::string format_get(std::string_view name);
std::string format_list();
std::string format_ok(std::uint64_t size, std::string_view sha256 = {});
std::string format_trailer(std::string_view sha256);
std::string format_error(status_code code, std::string_view message);

// A SIZE field: decimal digits only, no leading zero (but "0"), at most 2^64 - 1.
std::optional<std::uint64_t> parse_size(std::string_view text);
// True for 64 hexadecimal digits.
bool is_sha256_hex(std::string_view text);

}  // namespace coronet::handlers::file_protocol
