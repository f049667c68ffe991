#include "file_io.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace coronet::handlers::file_transfer_detail {

unique_fd::~unique_fd() {
    if (fd_ >= 0) ::close(fd_);
}

unique_fd& unique_fd::operator=(unique_fd&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

unique_fd open_directory(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot open the directory " + path);
    return unique_fd{fd};
}

std::vector<std::string> directory_entries(int directory) {
    int copy = ::dup(directory);   // closedir closes the descriptor it is given
    if (copy < 0) throw std::system_error(errno, std::generic_category(), "dup");
    DIR* listing = ::fdopendir(copy);
    if (!listing) {
        auto err = errno;
        ::close(copy);
        throw std::system_error(err, std::generic_category(), "fdopendir");
    }
    ::rewinddir(listing);   // the copy shares its position with the original
    std::vector<std::string> names;
    while (auto* entry = ::readdir(listing)) {
        std::string_view name = entry->d_name;
        if (name != "." && name != "..") names.emplace_back(name);
    }
    ::closedir(listing);
    return names;
}

void write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        auto n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category(), "write");
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

std::size_t read_at(int fd, std::span<char> buffer, std::uint64_t offset) {
    for (;;) {
        auto n = ::pread(fd, buffer.data(), buffer.size(), static_cast<off_t>(offset));
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "read");
    }
}

std::size_t hash_chunk(int fd, sha256& digest, std::span<char> buffer, std::uint64_t offset, std::uint64_t left) {
    auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), left));
    auto n = read_at(fd, buffer.first(want), offset);
    digest.update({buffer.data(), n});
    return n;
}

std::string hash_file(int fd, std::uint64_t size, std::span<char> buffer,
                      const std::function<void(std::uint64_t done)>& progress) {
    sha256 digest;
    for (std::uint64_t done = 0; done < size;) {
        auto n = hash_chunk(fd, digest, buffer, done, size - done);
        if (n == 0) throw std::runtime_error("the file became shorter while it was read");
        done += n;
        if (progress) progress(done);
    }
    return to_hex(digest.finish());
}

}  // namespace coronet::handlers::file_transfer_detail
