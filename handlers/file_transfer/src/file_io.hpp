#pragma once
// Plain POSIX file calls for the file transfer, throwing std::system_error on failure.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <coronet/sha256.hpp>

namespace coronet::handlers::file_transfer_detail {

// Owns a file descriptor.
class unique_fd {
public:
    unique_fd() = default;
    explicit unique_fd(int fd) : fd_(fd) {}
    ~unique_fd();
    unique_fd(unique_fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    unique_fd& operator=(unique_fd&& other) noexcept;
    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }

private:
    int fd_ = -1;
};

// Opens a directory for *at() calls and fsync; throws std::system_error naming `path`.
unique_fd open_directory(const std::string& path);

// The names in a directory (without "." and ".."), in no particular order.
std::vector<std::string> directory_entries(int directory);

// Writes every byte of `data` at the file's position (retrying on EINTR and short writes).
void write_all(int fd, std::string_view data);
// Reads up to buffer.size() bytes at `offset`; 0 at end of file.
std::size_t read_at(int fd, std::span<char> buffer, std::uint64_t offset);

// Reads the next at most min(buffer.size(), left) bytes at `offset` into `digest`; how many
// (0: the file ended early).
std::size_t hash_chunk(int fd, sha256& digest, std::span<char> buffer, std::uint64_t offset, std::uint64_t left);

// The SHA-256 (lowercase hex) of the first `size` bytes of `fd`, read in chunks of
// `buffer.size()`; `progress` after each chunk. Throws std::runtime_error if the file is shorter.
std::string hash_file(int fd, std::uint64_t size, std::span<char> buffer,
                      const std::function<void(std::uint64_t done)>& progress = {});

}  // namespace coronet::handlers::file_transfer_detail
