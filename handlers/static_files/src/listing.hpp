#pragma once
// The HTML listing of a directory that has no index file.
#include <filesystem>
#include <string>
#include <string_view>

namespace coronet::handlers::detail {

// Names sorted, directories first with a trailing '/', dotfiles left out unless shown;
// every name HTML-escaped in the text and percent-encoded in the link.
std::string directory_listing(const std::filesystem::path& directory, std::string_view shown_path, bool show_dotfiles);

}  // namespace coronet::handlers::detail
