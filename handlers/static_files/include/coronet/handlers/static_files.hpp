#pragma once
// Serves a directory tree over HTTP, as nginx's static file module would:
//   coronet::http::router r;
//   coronet::handlers::mount_static_files(r, "/static", {.root = "/srv/www"});
//
// - GET and HEAD; a directory serves its index file, and a directory requested without its
//   trailing slash gets 301 to the slash form. Without an index: an HTML listing when
//   enabled, else 403.
// - Content-Type from the extension of the name requested, not of a symlink's target (a
//   built-in table, then `mime_types_file`); `charset=utf-8` on text types.
// - A strong ETag (size and modification time) and Last-Modified on every file;
//   If-None-Match / If-Modified-Since answer 304.
// - One byte range gives 206 with Content-Range; an unsatisfiable one 416
//   (`Content-Range: bytes */size`); If-Range is honoured. A request for several ranges is
//   answered with the whole file (200): multipart/byteranges is not implemented.
// - A file up to `small_file_bytes` is read into memory and sent with the head in one write;
//   a larger one goes out with sendfile(2), straight from the page cache, so memory stays flat
//   whatever the file size.
// - Recently served files are remembered (least recently used out first, at most `cache_files`
//   entries and `cache_bytes` of content): a small file's bytes, a larger file's open
//   descriptor, its validators and type. A repeated request then costs one look at the path
//   (resolved beneath the root, then stat'ed) instead of an open and a read. What it finds
//   must be the very file cached (device, inode, size, mtime and ctime), so a file replaced
//   (PUT, rename) or changed is never served stale; a small file changed within the last
//   second is not kept in memory, as file times are too coarse to tell two writes in one
//   clock tick apart. Only the plain representation is cached: a request that negotiates a
//   ".gz" twin takes the full path.
//   A cached descriptor of a file deleted behind the server's back stays open until the
//   path is requested again or the entry is evicted (PUT and DELETE here drop it at once).
// - The served file is always inside `root`: `..`, encoded slashes, backslashes, NUL bytes and
//   symlinks that resolve outside the root are refused (403 or 404), dotfiles hidden (404),
//   also behind a symlink. Every path, cached or not, is opened with openat2(RESOLVE_BENEATH):
//   the kernel resolves it below the root itself, so a directory swapped for a symlink leading
//   out, even mid-request, gets nowhere; symlinks that stay inside are followed. Without
//   openat2 (Linux before 5.6, or a seccomp filter refusing it) paths are checked, then opened,
//   which a writer inside the root could race: logged once at the first mount.
// - With `precompressed_gzip`, "file.gz" is sent for "file" to clients that accept gzip (the
//   twin of the name requested, as nginx's gzip_static).
// - PUT and DELETE when `allow_write`, with `Authorization: Bearer <write_token>`: PUT replaces
//   atomically (201 or 204; the server's max_body_bytes gives 413), DELETE gives 204 or 404.
//   The target's directory is opened beneath the root, then written into by descriptor
//   (openat, renameat, unlinkat): a directory swapped for a symlink meanwhile cannot lead a
//   write out of the root, and a symlink under the target's name is replaced, not followed.
//   A PUT is answered once its file and the directory are on disk (fsync of both). Its bytes go
//   to a temporary file ".coronet-part-" + 16 hex digits beside the target, never served nor
//   listed (even with dotfiles shown); mounting with writes allowed removes those a killed
//   process left below the root, and logs how many. A PUT that finds the disk full (ENOSPC,
//   EDQUOT) is answered 507 and leaves nothing behind (the file keeps its old bytes); that is
//   logged at warn when PUTs start failing so and at info when one is stored again, not at
//   every refusal. Other errors of a write are 500, each logged.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include <coronet/http/router.hpp>

namespace coronet::handlers {

struct static_files_options {
    std::filesystem::path root{};               // the served directory; must exist
    std::string index_file = "index.html";      // served for a directory
    bool directory_listing = false;             // an HTML listing for a directory without index
    bool show_dotfiles = false;                 // otherwise names starting with '.' are 404
    std::string cache_control{};                // the Cache-Control value; "" sends none
    std::string mime_types_file = "/etc/mime.types";   // read when present; "" for the built-in table only
    std::size_t small_file_bytes = 16 * 1024;   // up to this size, sent from memory; above, with sendfile
    std::size_t cache_bytes = 16 * 1024 * 1024; // content of small files kept in memory, in all
    std::size_t cache_files = 256;              // remembered files (0: no cache); each large one holds a descriptor
    // Serve "name.gz" (Content-Encoding: gzip, the type of "name") to clients accepting gzip.
    bool precompressed_gzip = false;
    // PUT (atomic replace: temp file, fsync, rename) and DELETE. Requires a non-empty token,
    // sent as "Authorization: Bearer <token>": 401 without it, 403 when wrong.
    bool allow_write = false;
    std::string write_token{};
};

// Routes GET/HEAD (and PUT/DELETE when allowed) for `prefix` and everything below it.
// Throws std::invalid_argument when the root is not a directory or the options contradict.
void mount_static_files(coronet::http::router& r, std::string_view prefix, static_files_options options);

}  // namespace coronet::handlers
