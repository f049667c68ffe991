#include "database_entries.hpp"

#include <algorithm>

namespace coronet::handlers::dictd_import_detail {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

std::string_view trim_end(std::string_view text) {
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

}  // namespace

database_entry classify_headword(std::string_view headword) {
    std::string_view field;
    if (headword.starts_with("00-database-")) {
        field = headword.substr(12);
    } else if (headword.starts_with("00database")) {
        field = headword.substr(10);
    } else {
        // "00-NAME-FIELD": a database's own copy of its metadata.
        if (!headword.starts_with("00-") || !std::all_of(headword.begin(), headword.end(), is_name_char)) {
            return database_entry::none;
        }
        auto rest = headword.substr(3);
        auto dash = rest.find('-');
        bool two_parts = dash != 0 && dash != std::string_view::npos && dash + 1 < rest.size();
        return two_parts ? database_entry::other : database_entry::none;
    }
    if (field == "short") return database_entry::short_description;
    if (field == "info") return database_entry::info;
    if (field == "url") return database_entry::url;
    if (field == "utf8") return database_entry::utf8;
    return database_entry::other;
}

std::string_view strip_database_headword(std::string_view definition) {
    auto first_line_end = definition.find('\n');
    auto first_line = trim_end(definition.substr(0, first_line_end));
    auto trimmed = first_line;
    while (!trimmed.empty() && is_space(trimmed.front())) trimmed.remove_prefix(1);
    if (classify_headword(trimmed) != database_entry::none) {
        definition = first_line_end == std::string_view::npos ? std::string_view{} : definition.substr(first_line_end + 1);
    }
    return trim_end(definition);
}

std::string one_line(std::string_view text) {
    std::string out;
    bool pending_space = false;
    for (char c : text) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out.push_back(' ');
        pending_space = false;
        out.push_back(c);
    }
    return out;
}

}  // namespace coronet::handlers::dictd_import_detail
