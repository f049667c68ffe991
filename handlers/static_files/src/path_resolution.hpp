#pragma once
// From the router's decoded segments to a file that is certainly inside the root.
#include <filesystem>
#include <memory>
#include <span>
#include <string>

#include <sys/stat.h>

#include "open_file.hpp"

namespace coronet::handlers::detail {

// What a request path names, relative to the mount; `refusal` is 0 or the status to answer.
struct checked_path {
    unsigned refusal = 0;
    std::filesystem::path relative;     // "" for the mount's root
    bool trailing_slash = false;        // "/static/" or "/static/dir/"
};

// Validates every decoded segment on its own: a decoded segment holding '/' or '\\' came from
// %2F or %5C, so checking the joined string could not tell it from a real separator.
checked_path check_segments(std::span<const std::string> segments, bool show_dotfiles);

// The served root, opened once. Paths below it are opened with openat2(RESOLVE_BENEATH): the
// kernel resolves every component below this very directory and fails with EXDEV on whatever
// leads out ("..", an absolute symlink, a directory swapped for a symlink while we look), so
// there is no window between checking a path and opening it. Without openat2 (kernel before
// 5.6, or a seccomp filter refusing it) the older check-then-open is used, logged once: it
// resolves with realpath, checks, then opens, and a writer inside the root racing it could win.
class root_directory {
public:
    // `real_root` must be canonical. `try_openat2` false forces the fallback (for its tests).
    explicit root_directory(std::filesystem::path real_root, bool try_openat2 = true);
    ~root_directory();
    root_directory(const root_directory&) = delete;
    root_directory& operator=(const root_directory&) = delete;

    const std::filesystem::path& path() const { return real_root_; }
    bool resolves_beneath() const { return beneath_; }

    // A descriptor of what `relative` (checked segments, "" for the root) leads to now, opened
    // with `flags`, or -errno: -EXDEV when it leads out of the root, -ELOOP at any symlink when
    // `follow_symlinks` is false.
    int open(const std::filesystem::path& relative, int flags, bool follow_symlinks) const;
    // The status of what `relative` leads to now, resolved as open() does; false when it leads
    // nowhere or out of the root.
    bool stat(const std::string& relative, struct stat& st) const;

private:
    int open_beneath(const char* relative, int flags, bool follow_symlinks) const;       // openat2
    int open_checked(const std::filesystem::path& relative, int flags, bool follow_symlinks) const;   // the fallback

    std::filesystem::path real_root_;
    int fd_;
    bool beneath_ = false;
};

struct opened_path {
    unsigned refusal = 0;
    std::shared_ptr<open_file> file;    // a file or directory inside the root when refusal == 0
};

// Opens root/relative for reading through any symlinks that stay inside the root. Leading out
// is 403, missing 404; with dotfiles hidden, a symlink leading to a dot name is 404 too.
opened_path open_inside(const root_directory& root, const std::filesystem::path& relative, bool show_dotfiles);

struct resolved_path {
    unsigned refusal = 0;
    std::filesystem::path real;         // symlinks resolved; inside the root when refusal == 0
};

// Resolves root/relative through every symlink and refuses what lands outside `real_root`
// (which must itself be canonical). Missing files are 404. The check only: what it names may
// change before it is used (open_inside has no such gap).
resolved_path resolve_inside(const std::filesystem::path& real_root, const std::filesystem::path& relative,
                             bool show_dotfiles);

bool is_inside(const std::filesystem::path& real, const std::filesystem::path& real_root);

}  // namespace coronet::handlers::detail
