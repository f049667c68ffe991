#pragma once
// Content-Type from a file's extension.
#include <string>
#include <string_view>
#include <unordered_map>

namespace coronet::handlers::detail {

class mime_types {
public:
    // The built-in table, completed (never overridden) by `mime_types_file` when it can be read,
    // so the common web types answer the same on every machine.
    explicit mime_types(const std::string& mime_types_file);

    // The Content-Type for `filename`: application/octet-stream when unknown, and
    // "; charset=utf-8" appended for text types.
    std::string content_type(std::string_view filename) const;

private:
    std::unordered_map<std::string, std::string> by_extension_;   // lower-case extension, no dot
};

}  // namespace coronet::handlers::detail
