#pragma once
// An open file and the body producer that streams a byte range of it.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>

#include <sys/stat.h>

#include <coronet/http/response.hpp>

namespace coronet::handlers::detail {

// Owns a file descriptor; shared by a response and its producer, closed by the last owner.
class open_file {
public:
    // Opens `path` for reading without following a final symlink; nullptr when it cannot.
    static std::shared_ptr<open_file> open(const std::filesystem::path& path);
    ~open_file();
    open_file(const open_file&) = delete;
    open_file& operator=(const open_file&) = delete;

    int fd() const { return fd_; }
    const struct stat& status() const { return status_; }
    bool is_regular() const { return S_ISREG(status_.st_mode); }

private:
    open_file(int fd, const struct stat& st) : fd_(fd), status_(st) {}
    int fd_;
    struct stat status_;
};

// Streams `length` bytes from `offset` through one buffer of `buffer_bytes`, read with pread so
// that concurrent responses share the descriptor safely. Throws if the file shrank meanwhile
// (the server then cuts the response short, rather than sending less than Content-Length).
http::body_producer stream_range(std::shared_ptr<open_file> file, std::uint64_t offset, std::uint64_t length,
                                 std::size_t buffer_bytes);

}  // namespace coronet::handlers::detail
