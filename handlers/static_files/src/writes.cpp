// PUT and DELETE: bearer-token checked, atomic replacement, never outside the root.
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <optional>
#include <system_error>

#include <coronet/http/bearer_token.hpp>

#include "mount_state.hpp"
#include "path_resolution.hpp"

namespace coronet::handlers::detail {

namespace {

namespace fs = std::filesystem;

// Where a PUT or DELETE lands: a name checked like any request, in a directory that resolves
// inside the root. The name itself is not resolved, so a symlink is replaced or removed, never
// followed out.
struct write_target {
    unsigned refusal = 0;
    fs::path directory;
    fs::path path;
    std::string cache_key;      // what a GET of the same path is cached under
};

write_target target_of(const mount_state& state, const http::request& req) {
    auto checked = check_segments(mounted_segments(req), state.options.show_dotfiles);
    if (checked.refusal) return {checked.refusal, {}, {}, {}};
    if (checked.trailing_slash || checked.relative.empty()) return {403, {}, {}, {}};   // names a directory
    auto parent = resolve_inside(state.root.path(), checked.relative.parent_path(), state.options.show_dotfiles);
    std::error_code ec;
    if (parent.refusal == 404 || (parent.refusal == 0 && !fs::is_directory(parent.real, ec))) return {409, {}, {}, {}};
    if (parent.refusal) return {parent.refusal, {}, {}, {}};
    auto path = parent.real / checked.relative.filename();
    return {0, parent.real, std::move(path), cache_key(checked, state.options.index_file)};
}

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        auto n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool sync_directory(const fs::path& directory) {
    int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

// Written to a hidden temp file beside the target, synced, then renamed over it: a reader
// opens either the old file or the new one, and a crash leaves one of them whole.
bool replace_atomically(const write_target& target, std::string_view body) {
    // Built by appending: g++ 12 at -O3 warns falsely (-Wrestrict) on "." + string.
    std::string name = ".";
    name.append(target.path.filename().string()).append(".tmp-XXXXXX");
    std::string temp = (target.directory / name).string();
    int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0) return false;
    bool ok = ::fchmod(fd, 0644) == 0 && write_all(fd, body) && ::fsync(fd) == 0;
    ok = ::close(fd) == 0 && ok;
    ok = ok && ::rename(temp.c_str(), target.path.c_str()) == 0;
    if (!ok) {
        ::unlink(temp.c_str());
        return false;
    }
    return sync_directory(target.directory);
}

}  // namespace

http::response answer_put(const mount_state& state, const http::request& req) {
    if (auto refused = http::refuse_without_bearer_token(req, state.options.write_token)) return std::move(*refused);
    auto target = target_of(state, req);
    if (target.refusal) return http::error_page(target.refusal);
    struct stat st{};
    bool existed = ::lstat(target.path.c_str(), &st) == 0;
    if (existed && S_ISDIR(st.st_mode)) return http::error_page(409, "A directory has that name.");
    if (!replace_atomically(target, req.body())) return http::error_page(500, "The file could not be written.");
    // Not needed to stay fresh (the next GET's stat sees a new inode): it closes the old file now.
    state.cache.erase(target.cache_key);
    if (existed) return http::no_content();
    auto res = http::text("Created\n", 201);
    res.headers.set("Location", std::string(req.path()));
    return res;
}

http::response answer_delete(const mount_state& state, const http::request& req) {
    if (auto refused = http::refuse_without_bearer_token(req, state.options.write_token)) return std::move(*refused);
    auto target = target_of(state, req);
    if (target.refusal == 409) return http::error_page(404);
    if (target.refusal) return http::error_page(target.refusal);
    struct stat st{};
    if (::lstat(target.path.c_str(), &st) != 0) return http::error_page(404);
    if (S_ISDIR(st.st_mode)) return http::error_page(403, "Directories are not deleted.");
    if (::unlink(target.path.c_str()) != 0) return http::error_page(500, "The file could not be deleted.");
    state.cache.erase(target.cache_key);
    sync_directory(target.directory);
    return http::no_content();
}

}  // namespace coronet::handlers::detail
