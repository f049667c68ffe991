#include "listing.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include <coronet/http/percent.hpp>
#include <coronet/http/response.hpp>

#include "temp_files.hpp"

namespace coronet::handlers::detail {

using http::percent_encode;

namespace {

using entry_list = std::vector<std::pair<bool, std::string>>;   // (not a directory, name): directories sort first

// Read from the very directory that was resolved, not from its path again (which may lead
// elsewhere by now). A symlink counts as a directory when it leads to one.
entry_list entries_of(int directory_fd, bool show_dotfiles) {
    entry_list entries;
    int fd = ::dup(directory_fd);                   // closedir closes its own
    DIR* directory = fd < 0 ? nullptr : ::fdopendir(fd);
    if (!directory) {
        if (fd >= 0) ::close(fd);
        return entries;
    }
    ::rewinddir(directory);
    while (const dirent* entry = ::readdir(directory)) {
        std::string_view name = entry->d_name;
        if (name == "." || name == ".." || (!show_dotfiles && name.starts_with('.')) || is_temp_name(name)) continue;
        bool is_directory = entry->d_type == DT_DIR;
        if (entry->d_type == DT_LNK || entry->d_type == DT_UNKNOWN) {
            struct stat st{};
            is_directory = ::fstatat(::dirfd(directory), entry->d_name, &st, 0) == 0 && S_ISDIR(st.st_mode);
        }
        entries.emplace_back(!is_directory, std::string(name));
    }
    ::closedir(directory);
    return entries;
}

}  // namespace

std::string directory_listing(int directory_fd, std::string_view shown_path, bool show_dotfiles) {
    auto entries = entries_of(directory_fd, show_dotfiles);
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
