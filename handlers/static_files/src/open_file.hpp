#pragma once
// An open file, shared by the responses that send it and the cache that remembers it.
#include <cstdint>
#include <memory>
#include <string>

#include <sys/stat.h>

#include <coronet/http/file_body.hpp>

namespace coronet::handlers::detail {

// Owns a file descriptor; closed by the last owner.
class open_file : public std::enable_shared_from_this<open_file> {
public:
    // Takes `fd` (an open file or directory) over, with its status; nullptr, and `fd` closed,
    // when it cannot be stat'ed.
    static std::shared_ptr<open_file> adopt(int fd);
    ~open_file();
    open_file(const open_file&) = delete;
    open_file& operator=(const open_file&) = delete;

    int fd() const { return fd_; }
    const struct stat& status() const { return status_; }
    bool is_regular() const { return S_ISREG(status_.st_mode); }
    std::uint64_t size() const { return static_cast<std::uint64_t>(status_.st_size); }

    // `length` bytes from `offset`, read now (fewer if the file has shrunk since).
    std::string read(std::uint64_t offset, std::uint64_t length) const;
    // The same part as a body the server sends with sendfile; it keeps this file open.
    http::file_body body(std::uint64_t offset, std::uint64_t length) const;

private:
    open_file(int fd, const struct stat& st) : fd_(fd), status_(st) {}
    int fd_;
    struct stat status_;
};

}  // namespace coronet::handlers::detail
