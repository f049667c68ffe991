#pragma once
// The HTML listing of a directory that has no index file.
#include <string>
#include <string_view>

namespace coronet::handlers::detail {

// Names sorted, directories first with a trailing '/', dotfiles left out unless shown;
// every name HTML-escaped in the text and percent-encoded in the link. `directory_fd` is the
// directory already opened beneath the root (read through a duplicate; its offset moves).
std::string directory_listing(int directory_fd, std::string_view shown_path, bool show_dotfiles);

}  // namespace coronet::handlers::detail
