#pragma once
// From the router's decoded segments to a real path that is certainly inside the root.
#include <filesystem>
#include <span>
#include <string>

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

struct resolved_path {
    unsigned refusal = 0;
    std::filesystem::path real;         // symlinks resolved; inside the root when refusal == 0
};

// Resolves root/relative through every symlink and refuses what lands outside `real_root`
// (which must itself be canonical). Missing files are 404.
resolved_path resolve_inside(const std::filesystem::path& real_root, const std::filesystem::path& relative,
                             bool show_dotfiles);

bool is_inside(const std::filesystem::path& real, const std::filesystem::path& real_root);

}  // namespace coronet::handlers::detail
