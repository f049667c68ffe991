// mount_static_files, and the GET/HEAD handler.
#include <coronet/handlers/static_files.hpp>

#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

#include "conditional.hpp"
#include "encoding.hpp"
#include "open_file.hpp"
#include "listing.hpp"
#include "mount_state.hpp"
#include "path_resolution.hpp"

namespace coronet::handlers {

namespace detail {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view wildcard = "path";

// What is sent for a file: the file itself, or its precompressed twin "name.gz" (named after
// the request, as nginx's gzip_static does, and opened like any request: it may be a symlink
// leading out, or to a dotfile).
struct representation {
    std::shared_ptr<open_file> file;
    bool gzip = false;
};

representation choose_representation(const mount_state& state, const http::request& req, const fs::path& relative,
                                     std::shared_ptr<open_file> plain) {
    if (!state.options.precompressed_gzip || !accepts_gzip(req.header("Accept-Encoding"))) return {std::move(plain)};
    auto twin_relative = relative;
    twin_relative += ".gz";
    auto twin = open_inside(state.root, twin_relative, state.options.show_dotfiles);
    if (twin.refusal == 0 && twin.file->is_regular()) return {std::move(twin.file), true};
    return {std::move(plain)};
}

// The headers every answer about a file carries, 200, 206, 304 and 416 alike.
void add_file_headers(http::response& res, const mount_state& state, const file_validators& v, bool gzip) {
    res.headers.set("ETag", v.etag);
    res.headers.set("Last-Modified", v.last_modified);
    res.headers.set("Accept-Ranges", "bytes");
    if (!state.options.cache_control.empty()) res.headers.set("Cache-Control", state.options.cache_control);
    // Caches must key on Accept-Encoding once the answer depends on it.
    if (state.options.precompressed_gzip) res.headers.set("Vary", "Accept-Encoding");
    if (gzip && res.status != 416) res.headers.set("Content-Encoding", "gzip");
}

// The answer about a file, from what is known of it (cached or just opened).
http::response answer_file(const mount_state& state, const http::request& req, const cached_file& known, bool gzip) {
    const auto& v = known.validators;
    // In memory, the bytes read are what is sent, should the file have shrunk since its stat.
    std::uint64_t size = known.bytes ? known.bytes->size() : known.file->size();
    if (not_modified(req, v)) {
        http::response res;
        res.status = 304;
        add_file_headers(res, state, v, gzip);
        return res;
    }
    auto decision = decide_range(req, v, size);
    if (decision.outcome == range_outcome::unsatisfiable) {
        auto res = http::error_page(416);
        res.headers.set("Content-Range", fmt::format("bytes */{}", size));
        add_file_headers(res, state, v, gzip);
        return res;
    }
    byte_range range{0, size == 0 ? 0 : size - 1};
    unsigned status = 200;
    if (decision.outcome == range_outcome::partial) range = decision.range, status = 206;
    std::uint64_t length = size == 0 ? 0 : range.length();
    http::response res;
    if (known.bytes) {
        res.status = status;
        res.headers.add("Content-Type", known.content_type);
        res.body.assign(*known.bytes, range.first, length);
    } else {
        res = http::from_file(known.content_type, known.file->body(range.first, length), status);
    }
    // The server writes its own; this one is for callers without a server (http::invoke).
    res.headers.add("Content-Length", std::to_string(length));
    if (status == 206) res.headers.add("Content-Range", fmt::format("bytes {}-{}/{}", range.first, range.last, size));
    add_file_headers(res, state, v, gzip);
    return res;
}

// `relative`: the file as the request names it (its type comes from that name); `plain`: it,
// opened; `key`: what the request names, under which the plain representation is cached.
http::response serve_file(const mount_state& state, const http::request& req, const fs::path& relative,
                          std::shared_ptr<open_file> plain, const std::string& key) {
    auto [file, gzip] = choose_representation(state, req, relative, std::move(plain));
    if (!file->is_regular()) return http::error_page(404);
    auto known = std::make_shared<cached_file>(cached_file{
        file, validators_of(file->status()), state.types.content_type(relative.filename().native()), std::nullopt});
    if (file->size() <= state.options.small_file_bytes) known->bytes = file->read(0, file->size());
    if (!gzip) state.cache.insert(key, known);
    return answer_file(state, req, *known, gzip);
}

// "/static/dir" becomes "/static/dir/", the query kept; relative links in the index then work.
http::response redirect_to_slash(const http::request& req) {
    std::string location = std::string(req.path()) + "/";
    if (auto query = req.query_string(); !query.empty()) location.append("?").append(query);
    return http::redirect(location, 301);
}

http::response serve_directory(const mount_state& state, const http::request& req, const checked_path& checked,
                               const open_file& directory, const std::string& key) {
    if (!checked.trailing_slash) return redirect_to_slash(req);
    // The index goes through the same resolution: it may itself be a symlink leading out.
    auto index_relative = checked.relative / state.options.index_file;
    auto index = open_inside(state.root, index_relative, state.options.show_dotfiles);
    if (index.refusal == 0 && index.file->is_regular())
        return serve_file(state, req, index_relative, std::move(index.file), key);
    if (!state.options.directory_listing) return http::error_page(403, "Directory listing is off.");
    return http::html(directory_listing(directory.fd(), req.path(), state.options.show_dotfiles));
}

}  // namespace

std::string cache_key(const checked_path& checked, const std::string& index_file) {
    return checked.trailing_slash ? (checked.relative / index_file).native() : checked.relative.native();
}

std::span<const std::string> mounted_segments(const http::request& req) {
    // The router hands the wildcard over joined with '/', which loses the segment boundaries
    // (a decoded "%2F" looks like a separator), so find where it starts among the segments.
    // Joins from different starts differ in length, except a lone trailing "" against nothing:
    // the earliest start wins, which keeps the trailing slash.
    std::span<const std::string> all = req.path_segments();
    auto tail = req.param(wildcard);
    for (std::size_t start = 0; start <= all.size(); ++start) {
        std::size_t length = 0;
        for (std::size_t i = start; i < all.size(); ++i) length += all[i].size() + (i > start ? 1 : 0);
        if (length != tail.size()) continue;
        std::string joined;
        for (std::size_t i = start; i < all.size(); ++i) joined.append(i > start ? "/" : "").append(all[i]);
        if (joined == tail) return all.subspan(start);
    }
    return {};
}

http::response answer_read(const mount_state& state, const http::request& req) {
    auto checked = check_segments(mounted_segments(req), state.options.show_dotfiles);
    if (checked.refusal) return http::error_page(checked.refusal);
    auto key = cache_key(checked, state.options.index_file);
    // Only the plain representation is cached: a ".gz" twin may appear or go at any time.
    bool negotiates = state.options.precompressed_gzip && accepts_gzip(req.header("Accept-Encoding"));
    if (!negotiates)
        if (auto known = state.cache.find(key)) return answer_file(state, req, *known, false);
    auto opened = open_inside(state.root, checked.relative, state.options.show_dotfiles);
    if (opened.refusal) return http::error_page(opened.refusal);
    if (S_ISDIR(opened.file->status().st_mode)) return serve_directory(state, req, checked, *opened.file, key);
    if (checked.trailing_slash) return http::error_page(404);    // "file.txt/" names no directory
    return serve_file(state, req, checked.relative, std::move(opened.file), key);
}

}  // namespace detail

void mount_static_files(http::router& r, std::string_view prefix, static_files_options options) {
    std::error_code ec;
    auto real_root = std::filesystem::canonical(options.root, ec);
    if (ec || !std::filesystem::is_directory(real_root))
        throw std::invalid_argument(fmt::format("static files root '{}' is not a directory", options.root.string()));
    if (options.allow_write && options.write_token.empty())
        throw std::invalid_argument("static files: allow_write needs a write_token");
    while (prefix.ends_with('/')) prefix.remove_suffix(1);
    auto state = std::make_shared<const detail::mount_state>(options, std::move(real_root));
    auto pattern = fmt::format("{}/{{{}...}}", prefix, detail::wildcard);
    r.get(pattern, [state](http::request& req) -> task<http::response> { co_return detail::answer_read(*state, req); });
    if (!options.allow_write) return;
    detail::remove_leftover_puts(state->root);
    r.put(pattern, [state](http::request& req) -> task<http::response> { co_return detail::answer_put(*state, req); });
    r.del(pattern, [state](http::request& req) -> task<http::response> { co_return detail::answer_delete(*state, req); });
}

}  // namespace coronet::handlers
