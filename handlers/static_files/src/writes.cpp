// PUT and DELETE: bearer-token checked, atomic replacement, never outside the root.
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <coronet/http/bearer_token.hpp>
#include <coronet/log.hpp>

#include "mount_state.hpp"
#include "open_file.hpp"
#include "path_resolution.hpp"
#include "temp_files.hpp"

namespace coronet::handlers::detail {

namespace {

// Where a PUT or DELETE lands: a name checked like any request, in a directory opened inside the
// root (openat2, RESOLVE_BENEATH). Everything after acts on that open directory, by name
// (fstatat, openat, renameat, unlinkat), so a directory swapped for a symlink once checked
// cannot send a write out of the root. The name itself is never followed: a symlink there is
// replaced or removed, not written through.
struct write_target {
    unsigned refusal = 0;
    std::shared_ptr<open_file> directory;
    std::string name;
    std::string cache_key;      // what a GET of the same path is cached under
};

write_target target_of(const mount_state& state, const http::request& req) {
    auto checked = check_segments(mounted_segments(req), state.options.show_dotfiles);
    if (checked.refusal) return {checked.refusal, {}, {}, {}};
    if (checked.trailing_slash || checked.relative.empty()) return {403, {}, {}, {}};   // names a directory
    auto parent = open_inside(state.root, checked.relative.parent_path(), state.options.show_dotfiles);
    if (parent.refusal == 404 || (parent.refusal == 0 && !S_ISDIR(parent.file->status().st_mode)))
        return {409, {}, {}, {}};
    if (parent.refusal) return {parent.refusal, {}, {}, {}};
    return {0, std::move(parent.file), checked.relative.filename().string(), cache_key(checked, state.options.index_file)};
}

std::error_code last_error() { return {errno, std::system_category()}; }

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        auto n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n == 0) errno = EIO;   // not for a regular file; but never report success for it
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// Written to a hidden temp file beside the target, synced, then renamed over it: a reader
// opens either the old file or the new one, and a crash leaves one of them whole. On failure,
// the error of the step that failed; the temp file is gone then, the target untouched.
std::error_code replace_atomically(const write_target& target, std::string_view body) {
    int directory = target.directory->fd();
    auto [fd, temp] = create_temp_file(directory);
    if (fd < 0) return last_error();
    std::error_code failed;
    if (::fchmod(fd, 0644) != 0 || !write_all(fd, body) || ::fsync(fd) != 0) failed = last_error();
    if (::close(fd) != 0 && !failed) failed = last_error();
    if (!failed && ::renameat(directory, temp.c_str(), directory, target.name.c_str()) != 0) failed = last_error();
    if (failed) {
        ::unlinkat(directory, temp.c_str(), 0);
        return failed;
    }
    return ::fsync(directory) == 0 ? std::error_code() : last_error();
}

// A PUT that could not be stored. A full disk is the operator's to fix and lasts: 507, logged
// when it begins and when it ends; any other error is the server's: 500, logged each time.
http::response refuse_put(const mount_state& state, const http::request& req, std::error_code failed) {
    if (failed.value() == ENOSPC || failed.value() == EDQUOT) {
        state.full_disk.failed(failed.message());
        return http::error_page(507, "No room left on the server's disk: the file was not stored.");
    }
    default_logger().error("static files: PUT {} could not be stored: {}", req.path(), failed.message());
    return http::error_page(500, "The file could not be written.");
}

}  // namespace

void remove_leftover_puts(const root_directory& root) {
    int fd = root.open("", O_RDONLY | O_DIRECTORY | O_CLOEXEC, false);
    if (fd < 0) return;
    auto removed = remove_leftover_temp_files(fd);
    ::close(fd);
    if (removed)
        default_logger().info("static files: removed {} temporary files of PUTs cut short (a killed server) in {}", removed,
                              root.path().string());
}

http::response answer_put(const mount_state& state, const http::request& req) {
    if (auto refused = http::refuse_without_bearer_token(req, state.options.write_token)) return std::move(*refused);
    auto target = target_of(state, req);
    if (target.refusal) return http::error_page(target.refusal);
    struct stat st{};
    bool existed = ::fstatat(target.directory->fd(), target.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
    if (existed && S_ISDIR(st.st_mode)) return http::error_page(409, "A directory has that name.");
    if (auto failed = replace_atomically(target, req.body())) return refuse_put(state, req, failed);
    state.full_disk.succeeded();
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
    int directory = target.directory->fd();
    struct stat st{};
    if (::fstatat(directory, target.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return http::error_page(404);
    if (S_ISDIR(st.st_mode)) return http::error_page(403, "Directories are not deleted.");
    if (::unlinkat(directory, target.name.c_str(), 0) != 0) return http::error_page(500, "The file could not be deleted.");
    state.cache.erase(target.cache_key);
    ::fsync(directory);
    return http::no_content();
}

}  // namespace coronet::handlers::detail
