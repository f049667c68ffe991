#include "path_resolution.hpp"

#include <string_view>
#include <system_error>

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
    return 0;
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
    if (!show_dotfiles)
        for (const auto& part : real.lexically_relative(real_root))
            if (is_dot_name(part.native()) && part != ".") return {404, {}};
    return {0, std::move(real)};
}

}  // namespace coronet::handlers::detail
