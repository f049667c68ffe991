#include "open_file.hpp"

#include <unistd.h>

namespace coronet::handlers::detail {

std::shared_ptr<open_file> open_file::adopt(int fd) {
    struct stat st{};
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        return nullptr;
    }
    return std::shared_ptr<open_file>(new open_file(fd, st));
}

open_file::~open_file() { ::close(fd_); }

std::string open_file::read(std::uint64_t offset, std::uint64_t length) const {
    return http::read_file_body({nullptr, fd_, offset, length});
}

http::file_body open_file::body(std::uint64_t offset, std::uint64_t length) const {
    return {shared_from_this(), fd_, offset, length};
}

}  // namespace coronet::handlers::detail
