#include "temp_files.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <random>

#include <fmt/format.h>

namespace coronet::handlers::detail {

namespace {

constexpr std::string_view temp_prefix = ".coronet-part-";
constexpr std::size_t temp_digits = 16;
// Directories deeper than this are left alone: each level holds a descriptor while it is walked.
constexpr int max_depth = 32;

std::size_t remove_below(int directory, int depth) {
    int copy = ::dup(directory);   // closedir closes the descriptor it is given
    DIR* listing = copy < 0 ? nullptr : ::fdopendir(copy);
    if (!listing) {
        if (copy >= 0) ::close(copy);
        return 0;
    }
    std::size_t removed = 0;
    while (const dirent* entry = ::readdir(listing)) {
        std::string_view name = entry->d_name;
        if (name == "." || name == "..") continue;
        if (is_temp_name(name)) {
            removed += ::unlinkat(directory, entry->d_name, 0) == 0;
        } else if (depth < max_depth && (entry->d_type == DT_DIR || entry->d_type == DT_UNKNOWN)) {
            // O_NOFOLLOW: a symlink is not a directory of the root's, even when it leads to one.
            int below = ::openat(directory, entry->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (below < 0) continue;
            removed += remove_below(below, depth + 1);
            ::close(below);
        }
    }
    ::closedir(listing);
    return removed;
}

}  // namespace

bool is_temp_name(std::string_view name) {
    if (!name.starts_with(temp_prefix) || name.size() != temp_prefix.size() + temp_digits) return false;
    auto digits = name.substr(temp_prefix.size());
    return digits.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::pair<int, std::string> create_temp_file(int directory) {
    thread_local std::mt19937_64 random{std::random_device{}()};
    for (int attempt = 0; attempt < 16; ++attempt) {
        auto temp = fmt::format("{}{:016x}", temp_prefix, random());
        int fd = ::openat(directory, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd >= 0 || errno != EEXIST) return {fd, std::move(temp)};
    }
    return {-1, {}};
}

std::size_t remove_leftover_temp_files(int root) { return remove_below(root, 0); }

}  // namespace coronet::handlers::detail
