#include "path_resolution.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string_view>
#include <system_error>

#include <coronet/log.hpp>

#include "temp_files.hpp"

namespace coronet::handlers::detail {

namespace {

namespace fs = std::filesystem;

bool is_dot_name(std::string_view name) { return !name.empty() && name.front() == '.'; }

// 0 when `segment` may name a file or directory, else the status refusing it.
unsigned refusal_for(std::string_view segment, bool show_dotfiles) {
    if (segment.empty()) return 404;                  // "a//b": no such name
    if (segment == "." || segment == "..") return 403;
    if (segment.find_first_of(std::string_view("/\\\0", 3)) != std::string_view::npos) return 403;
    if (is_dot_name(segment) && !show_dotfiles) return 404;   // hidden, as if absent
    if (is_temp_name(segment)) return 404;                    // a PUT's, half-written: never served
    return 0;
}

// With dotfiles hidden, no part of where a symlink leads may be a dot name either.
bool has_dot_part(const fs::path& relative) {
    for (const auto& part : relative)
        if (is_dot_name(part.native()) && part != ".") return true;
    return false;
}

// Where a descriptor opened through symlinks really is, from the kernel's own record of it.
bool leads_to_dot_name(const root_directory& root, int fd) {
    char link[32];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    std::error_code ec;
    auto real = fs::read_symlink(link, ec);
    if (ec || !is_inside(real, root.path())) return true;     // cannot tell: hidden
    return has_dot_part(real.lexically_relative(root.path()));
}

}  // namespace

checked_path check_segments(std::span<const std::string> segments, bool show_dotfiles) {
    checked_path out;
    if (!segments.empty() && segments.back().empty()) {
        out.trailing_slash = true;
        segments = segments.first(segments.size() - 1);
    }
    for (const auto& segment : segments) {
        if (unsigned status = refusal_for(segment, show_dotfiles)) return {status, {}, false};
        out.relative /= segment;
    }
    return out;
}

bool is_inside(const fs::path& real, const fs::path& real_root) {
    const auto& root = real_root.native();
    const auto& path = real.native();
    if (path == root) return true;
    if (!path.starts_with(root)) return false;
    return root.ends_with('/') || path[root.size()] == '/';
}

resolved_path resolve_inside(const fs::path& real_root, const fs::path& relative, bool show_dotfiles) {
    std::error_code ec;
    fs::path real = fs::canonical(real_root / relative, ec);
    if (ec) return {404, {}};
    if (!is_inside(real, real_root)) return {403, {}};
    // A symlink with an ordinary name may still lead to a dotfile: hide what it resolves to too.
    if (!show_dotfiles && has_dot_part(real.lexically_relative(real_root))) return {404, {}};
    return {0, std::move(real)};
}

root_directory::root_directory(fs::path real_root, bool try_openat2)
    : real_root_(std::move(real_root)), fd_(::open(real_root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC)) {
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "open " + real_root_.string());
    if (!try_openat2) return;
    int probe = open_beneath(".", O_PATH | O_CLOEXEC, true);
    if (probe >= 0) {
        ::close(probe);
        beneath_ = true;
        return;
    }
    static std::once_flag logged;
    std::call_once(logged, [&] {
        default_logger().warn("static files: openat2 is unavailable ({}); paths are checked, then opened, "
                              "which a writer inside the root could race", std::strerror(-probe));
    });
}

root_directory::~root_directory() { ::close(fd_); }

int root_directory::open(const fs::path& relative, int flags, bool follow_symlinks) const {
    if (!beneath_) return open_checked(relative, flags, follow_symlinks);
    return open_beneath(relative.empty() ? "." : relative.c_str(), flags, follow_symlinks);
}

int root_directory::open_beneath(const char* relative, int flags, bool follow_symlinks) const {
    open_how how{};
    how.flags = static_cast<std::uint64_t>(flags);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | (follow_symlinks ? 0 : RESOLVE_NO_SYMLINKS);
    long fd = ::syscall(SYS_openat2, fd_, relative, &how, sizeof how);     // glibc 2.36 has no wrapper
    return fd < 0 ? -errno : static_cast<int>(fd);
}

int root_directory::open_checked(const fs::path& relative, int flags, bool follow_symlinks) const {
    auto lexical = relative.empty() ? real_root_ : real_root_ / relative;
    std::error_code ec;
    auto real = fs::canonical(lexical, ec);
    if (ec) return -ec.value();
    if (!is_inside(real, real_root_)) return -EXDEV;
    if (!follow_symlinks && real != lexical) return -ELOOP;
    int fd = ::open(real.c_str(), flags | O_NOFOLLOW);
    return fd < 0 ? -errno : fd;
}

bool root_directory::stat(const std::string& relative, struct stat& st) const {
    if (!beneath_) return ::fstatat(fd_, relative.c_str(), &st, 0) == 0;
    // O_PATH: a name resolved, no file opened for reading (no permission check, no atime).
    int fd = open_beneath(relative.c_str(), O_PATH | O_CLOEXEC, true);
    if (fd < 0) return false;
    bool found = ::fstat(fd, &st) == 0;
    ::close(fd);
    return found;
}

opened_path open_inside(const root_directory& root, const fs::path& relative, bool show_dotfiles) {
    constexpr int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK;     // NONBLOCK: a FIFO must not hang us
    // With dotfiles hidden, a path free of symlinks needs no more check (check_segments saw
    // each name); one through a symlink is opened again, following it, and where it leads is
    // checked.
    int fd = root.open(relative, flags, show_dotfiles);
    bool followed = false;
    if (fd == -ELOOP && !show_dotfiles) fd = root.open(relative, flags, true), followed = true;
    if (fd == -EXDEV) return {403, nullptr};
    if (fd < 0) return {404, nullptr};
    auto file = open_file::adopt(fd);
    if (!file) return {404, nullptr};
    if (followed && leads_to_dot_name(root, file->fd())) return {404, nullptr};
    return {0, std::move(file)};
}

}  // namespace coronet::handlers::detail
