#include "listing.hpp"

#include <algorithm>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include <coronet/http/percent.hpp>
#include <coronet/http/response.hpp>

namespace coronet::handlers::detail {

using http::percent_encode;

std::string directory_listing(const std::filesystem::path& directory, std::string_view shown_path, bool show_dotfiles) {
    std::vector<std::pair<bool, std::string>> entries;   // (not a directory, name): directories sort first
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
        auto name = entry.path().filename().string();
        if (!show_dotfiles && name.starts_with('.')) continue;
        entries.emplace_back(!entry.is_directory(ec), std::move(name));
    }
    std::sort(entries.begin(), entries.end());
    auto title = http::html_escape(shown_path);
    std::string page = fmt::format("<!doctype html>\n<title>Index of {0}</title>\n<h1>Index of {0}</h1>\n<ul>\n", title);
    for (const auto& [is_file, name] : entries) {
        auto suffix = is_file ? "" : "/";
        page += fmt::format("<li><a href=\"{}{}\">{}{}</a></li>\n", percent_encode(name), suffix, http::html_escape(name), suffix);
    }
    page += "</ul>\n";
    return page;
}

}  // namespace coronet::handlers::detail
