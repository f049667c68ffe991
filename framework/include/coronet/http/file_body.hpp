#pragma once
// A response body taken straight from an open file: the server sends it with sendfile(2), so
// the bytes go from the page cache to the socket without a copy through user space.
//   auto file = std::make_shared<my_open_file>(...);          // owns the descriptor
//   res.file = coronet::http::file_body{file, file->fd(), 0, size};
#include <cstdint>
#include <memory>
#include <string>

namespace coronet::http {

struct file_body {
    // Whatever owns `fd`: the response holds it until the last byte is sent, so the handler
    // may drop its own reference at once (and other responses may share the descriptor:
    // the server reads at explicit offsets and never moves the file position).
    std::shared_ptr<const void> owner;
    int fd = -1;
    std::uint64_t offset = 0;
    // Sent as Content-Length. A file that turns out shorter (it shrank meanwhile) cannot be
    // answered correctly any more: the server logs it and closes the connection.
    std::uint64_t length = 0;
};

// The body's bytes, read now (fewer than `length` when the file has shrunk): what the server
// would send. For tests, and for handlers that keep small files in memory.
std::string read_file_body(const file_body& body);

}  // namespace coronet::http
