// Static path resolution (handlers/static_files/src/path_resolution.cpp) on a real directory
// tree whose symlinks lead inside the root, to dotfiles, and out of it (relative and absolute).
// The property: whatever a request path resolves to is inside the root, both with openat2 and
// with the check-then-open fallback; with dotfiles hidden, nothing it resolves to is a dot name.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <coronet/http/percent.hpp>

#include "fuzz_check.hpp"
#include "path_resolution.hpp"

using coronet::fuzz::require;
namespace fs = std::filesystem;
namespace detail = coronet::handlers::detail;

namespace {

// base/root is served; base/outside must stay out of reach.
struct tree {
    fs::path base, root;
    detail::root_directory beneath, fallback;

    tree() : base(make_base()), root(fs::canonical(base / "root")), beneath(root, true), fallback(root, false) {}
    ~tree() {
        std::error_code ec;
        fs::remove_all(base, ec);
    }

    static fs::path make_base() {
        std::string pattern = (fs::temp_directory_path() / "coronet-static-path-fuzz-XXXXXX").string();
        require(::mkdtemp(pattern.data()) != nullptr, "a temporary directory can be made");
        fs::path base = fs::canonical(pattern);
        auto write = [](const fs::path& p) { std::ofstream(p) << p.filename().string() << "\n"; };
        fs::create_directories(base / "outside");
        write(base / "outside" / "secret.txt");
        write(base / "outside" / ".hidden");
        fs::create_directories(base / "root" / "sub" / "deeper");
        write(base / "root" / "index.html");
        write(base / "root" / ".hidden");
        write(base / "root" / "sub" / "file.txt");
        write(base / "root" / "sub" / ".secret");
        write(base / "root" / "sub" / "deeper" / "leaf.txt");
        fs::create_directories(base / "root" / ".git");
        write(base / "root" / ".git" / "config");
        fs::create_directory_symlink(base / "outside", base / "root" / "absolute-out");
        fs::create_directory_symlink("../outside", base / "root" / "relative-out");
        fs::create_directory_symlink("../..", base / "root" / "sub" / "up-two");
        fs::create_symlink("../index.html", base / "root" / "sub" / "inside");
        fs::create_symlink("../.hidden", base / "root" / "sub" / "to-dotfile");
        fs::create_directory_symlink("../.git", base / "root" / "sub" / "to-dotdir");
        fs::create_directory_symlink(".", base / "root" / "self");
        fs::create_directory_symlink("sub/deeper", base / "root" / "deep");
        fs::create_symlink("loop", base / "root" / "loop");
        fs::create_symlink(base / "outside" / "secret.txt", base / "root" / "secret-link");
        return base;
    }
};

const tree& the_tree() {
    static const tree t;
    return t;
}

bool inside(const fs::path& real, const fs::path& root) {
    auto r = root.native(), p = real.native();
    return p == r || (p.size() > r.size() && p.compare(0, r.size(), r) == 0 && p[r.size()] == '/');
}

bool has_dot_name(const fs::path& real, const fs::path& root) {
    for (const auto& part : real.lexically_relative(root))
        if (part.native().starts_with('.') && part != ".") return true;
    return false;
}

// Decoded segments, as the router hands them to the static files handler.
std::optional<std::vector<std::string>> segments_of(std::string_view path) {
    std::vector<std::string> out;
    for (;;) {
        auto slash = path.find('/');
        auto decoded = coronet::http::percent_decode(path.substr(0, slash));
        if (!decoded) return std::nullopt;
        out.push_back(std::move(*decoded));
        if (slash == std::string_view::npos) return out;
        path.remove_prefix(slash + 1);
    }
}

void check_opened(const detail::root_directory& dir, const fs::path& relative, bool show_dotfiles, const fs::path& root) {
    auto opened = detail::open_inside(dir, relative, show_dotfiles);
    if (opened.refusal != 0) {
        require(opened.refusal == 403 || opened.refusal == 404, "a refused path is 403 or 404");
        return;
    }
    auto real = fs::read_symlink("/proc/self/fd/" + std::to_string(opened.file->fd()));
    require(inside(real, root), "an opened file is inside the root");
    require(show_dotfiles || !has_dot_name(real, root), "with dotfiles hidden, no opened file is a dot name");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    if (size == 0) return 0;
    const auto& t = the_tree();
    // The first byte says whether dotfiles are shown; the rest is the path below the mount.
    bool show_dotfiles = data[0] & 1;
    auto segments = segments_of(coronet::fuzz::as_text(data + 1, size - 1));
    if (!segments) return 0;

    auto checked = detail::check_segments(*segments, show_dotfiles);
    if (checked.refusal != 0) return 0;
    require(checked.relative.is_relative(), "a checked path is relative");
    for (const auto& part : checked.relative)
        require(part != ".." && part != "." && !part.empty(), "a checked path has no '.', '..' or empty part");

    check_opened(t.beneath, checked.relative, show_dotfiles, t.root);
    check_opened(t.fallback, checked.relative, show_dotfiles, t.root);
    auto resolved = detail::resolve_inside(t.root, checked.relative, show_dotfiles);
    if (resolved.refusal == 0) {
        require(inside(resolved.real, t.root), "a resolved path is inside the root");
        require(show_dotfiles || !has_dot_name(resolved.real, t.root), "with dotfiles hidden, no resolved path is a dot name");
    }
    return 0;
}
