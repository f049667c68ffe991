#pragma once
// What one mount's handlers share: the options, the opened root, the MIME table, the cache,
// the state of its disk.
#include <filesystem>
#include <span>
#include <string>

#include <fmt/format.h>

#include <coronet/handlers/static_files.hpp>
#include <coronet/http/request.hpp>
#include <coronet/http/response.hpp>
#include <coronet/log.hpp>
#include <coronet/outage_log.hpp>

#include "file_cache.hpp"
#include "mime_types.hpp"
#include "path_resolution.hpp"

namespace coronet::handlers::detail {

struct mount_state {
    mount_state(static_files_options o, std::filesystem::path real_root)
        : options(std::move(o)), root(std::move(real_root)), types(options.mime_types_file),
          cache(root, {options.cache_bytes, options.cache_files}),
          full_disk(default_logger(),
                    fmt::format("static files: PUTs into {} are refused with 507 until the disk has room", root.path().string()),
                    fmt::format("static files: the disk of {} has room again: PUTs are stored", root.path().string())) {}

    static_files_options options;
    root_directory root;            // before the cache, which resolves below it
    mime_types types;
    mutable file_cache cache;       // answers are const; remembering them is not
    mutable outage_log full_disk;   // PUTs refused for a full disk: said once, not at each
};

// What a request names, as the cache knows it: the path below the root, or a directory's index.
std::string cache_key(const checked_path& checked, const std::string& index_file);

// The decoded segments below the mount point (the `{path...}` wildcard's part of the path).
std::span<const std::string> mounted_segments(const http::request& req);

http::response answer_read(const mount_state& state, const http::request& req);     // GET, HEAD
http::response answer_put(const mount_state& state, const http::request& req);
http::response answer_delete(const mount_state& state, const http::request& req);
// Removes the temporary files of PUTs that a killed process left below the root (logged).
void remove_leftover_puts(const root_directory& root);

}  // namespace coronet::handlers::detail
