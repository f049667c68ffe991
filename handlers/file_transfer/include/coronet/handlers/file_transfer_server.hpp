#pragma once
// The file transfer's server side: a TCP connection handler serving one directory with the
// protocol of file_protocol.hpp.
//   coronet::tcp::server files{rt, {.port = 9004}, coronet::handlers::file_transfer_handler({.directory = "shared"})};
//
// A connection may send many requests, one after another. Behaviour:
//   - The directory is opened once; every file is reached relative to that descriptor
//     (openat/renameat with a plain name, O_NOFOLLOW), so no name, and no symlink swapped
//     in later, sends a read or a write outside it. Symlinks and other non-regular files are
//     neither served nor listed.
//   - An upload is written to a temporary file ".coronet-part-*" in the directory (space for
//     SIZE bytes is reserved first, so a full disk is usually told before any byte is sent),
//     fsync'ed, checked against SIZE and SHA256, then renamed over NAME and the directory
//     fsync'ed. On any failure (a wrong digest, fewer bytes, a dropped connection, a full disk,
//     a shutdown) the temporary file is removed and NAME is untouched.
//   - Overwrite policy: an upload replaces a file of the same name, atomically; a download
//     running meanwhile goes on reading the file it opened, whole.
//   - A refused request line (no request of the protocol, a bad name) and a refused upload (too
//     large, no space) are answered, then the connection is closed: an upload's bytes may be
//     on their way already and must not be read as requests. A wrong digest or a full disk
//     found while receiving is answered after the announced bytes, and the connection goes on;
//     so does a GET of a missing file.
//   - Every refusal is logged once, at info (the client's fault) or warn (the server's: disk
//     full, I/O errors).
//   - A GET sends "OK SIZE", then the file, hashing each chunk as it goes, then the trailer
//     "SHA256 DIGEST" of the bytes sent: one pass, and the first byte leaves at once (no client
//     waits for a large file to be hashed). A file that cannot be read at all is answered
//     io-error; one that shrinks or fails midway gets the connection closed before SIZE bytes,
//     which the client drops.
//   - Files are never held in memory: they move in chunks of `chunk_bytes`. File reads, writes
//     and fsync are blocking calls on the connection's thread.
// Temporary files left by a killed server are removed when the handler is created.
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include <coronet/tcp/server.hpp>

namespace coronet { class logger; }

namespace coronet::handlers {

struct file_transfer_options {
    std::filesystem::path directory;                          // must exist
    std::uint64_t max_file_bytes = 4ull << 30;                // a larger PUT is refused (too-large)
    std::size_t chunk_bytes = 256 * 1024;                     // per read, write and send
    logger* log = nullptr;                                    // nullptr: default_logger()
};

// Throws std::system_error when the directory cannot be opened, std::invalid_argument for a
// chunk size of 0.
tcp::connection_handler file_transfer_handler(file_transfer_options options);

}  // namespace coronet::handlers
