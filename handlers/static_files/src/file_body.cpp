#include "file_body.hpp"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <vector>

namespace coronet::handlers::detail {

std::shared_ptr<open_file> open_file::open(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);   // NONBLOCK: a FIFO must not hang us
    if (fd < 0) return nullptr;
    struct stat st{};
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        return nullptr;
    }
    return std::shared_ptr<open_file>(new open_file(fd, st));
}

open_file::~open_file() { ::close(fd_); }

http::body_producer stream_range(std::shared_ptr<open_file> file, std::uint64_t offset, std::uint64_t length,
                                 std::size_t buffer_bytes) {
    return [file = std::move(file), offset, length, buffer_bytes](http::body_writer& out) -> task<void> {
        std::vector<char> buffer(std::max<std::size_t>(buffer_bytes, 1));
        std::uint64_t position = offset, left = length;
        while (left > 0) {
            auto want = static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size()));
            auto got = ::pread(file->fd(), buffer.data(), want, static_cast<off_t>(position));
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) throw std::system_error(errno, std::generic_category(), "pread");
            if (got == 0) throw std::runtime_error("file shrank while being served");
            co_await out.write(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
            position += static_cast<std::uint64_t>(got);
            left -= static_cast<std::uint64_t>(got);
        }
    };
}

}  // namespace coronet::handlers::detail
