#pragma once
// What one mount's handlers share: the options, the canonical root, the MIME table.
#include <filesystem>
#include <span>
#include <string>

#include <coronet/handlers/static_files.hpp>
#include <coronet/http/request.hpp>
#include <coronet/http/response.hpp>

#include "mime_types.hpp"

namespace coronet::handlers::detail {

struct mount_state {
    static_files_options options;
    std::filesystem::path real_root;
    mime_types types;
};

// The decoded segments below the mount point (the `{path...}` wildcard's part of the path).
std::span<const std::string> mounted_segments(const http::request& req);

http::response answer_read(const mount_state& state, const http::request& req);     // GET, HEAD
http::response answer_put(const mount_state& state, const http::request& req);
http::response answer_delete(const mount_state& state, const http::request& req);

}  // namespace coronet::handlers::detail
