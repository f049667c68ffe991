#include "mime_types.hpp"

#include <array>
#include <fstream>
#include <sstream>
#include <utility>

namespace coronet::handlers::detail {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 44> built_in{{
    {"html", "text/html"}, {"htm", "text/html"}, {"css", "text/css"}, {"js", "text/javascript"},
    {"mjs", "text/javascript"}, {"txt", "text/plain"}, {"md", "text/markdown"}, {"csv", "text/csv"},
    {"xml", "application/xml"}, {"json", "application/json"}, {"map", "application/json"},
    {"webmanifest", "application/manifest+json"}, {"wasm", "application/wasm"}, {"pdf", "application/pdf"},
    {"zip", "application/zip"}, {"gz", "application/gzip"}, {"tar", "application/x-tar"},
    {"png", "image/png"}, {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"}, {"gif", "image/gif"},
    {"webp", "image/webp"}, {"avif", "image/avif"}, {"svg", "image/svg+xml"}, {"ico", "image/x-icon"},
    {"bmp", "image/bmp"}, {"woff", "font/woff"}, {"woff2", "font/woff2"}, {"ttf", "font/ttf"},
    {"otf", "font/otf"}, {"mp3", "audio/mpeg"}, {"ogg", "audio/ogg"}, {"wav", "audio/wav"},
    {"mp4", "video/mp4"}, {"webm", "video/webm"}, {"ogv", "video/ogg"}, {"bin", "application/octet-stream"},
    {"rss", "application/rss+xml"}, {"atom", "application/atom+xml"}, {"yaml", "application/yaml"},
    {"yml", "application/yaml"}, {"ics", "text/calendar"}, {"vtt", "text/vtt"}, {"jsonld", "application/ld+json"},
}};

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Types whose bodies are text, so a charset parameter applies.
bool is_text(std::string_view type) {
    return type.starts_with("text/") || type == "application/json" || type == "application/xml" ||
           type == "image/svg+xml" || type.ends_with("+json") || type.ends_with("+xml") || type == "application/yaml";
}

}  // namespace

mime_types::mime_types(const std::string& mime_types_file) {
    for (auto [extension, type] : built_in) by_extension_.emplace(extension, type);
    if (mime_types_file.empty()) return;
    // The mime.types format: "type ext1 ext2 ...", '#' starts a comment.
    std::ifstream in(mime_types_file);
    std::string line;
    while (std::getline(in, line)) {
        line = line.substr(0, line.find('#'));
        std::istringstream words(line);
        std::string type, extension;
        if (!(words >> type) || type.find('/') == std::string::npos) continue;
        while (words >> extension) by_extension_.emplace(lower(extension), type);   // emplace keeps built-ins
    }
}

std::string mime_types::content_type(std::string_view filename) const {
    auto dot = filename.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return "application/octet-stream";
    auto found = by_extension_.find(lower(filename.substr(dot + 1)));
    if (found == by_extension_.end()) return "application/octet-stream";
    if (is_text(found->second)) return found->second + "; charset=utf-8";
    return found->second;
}

}  // namespace coronet::handlers::detail
