#include <coronet/http/fields.hpp>

#include <algorithm>

namespace coronet::http {

namespace {
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim_whitespace(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::string_view fields::get(std::string_view name) const {
    for (const auto& [n, v] : items_)
        if (iequals(n, name)) return v;
    return {};
}

bool fields::contains(std::string_view name) const {
    return std::any_of(items_.begin(), items_.end(), [&](const value_type& f) { return iequals(f.first, name); });
}

void fields::set(std::string_view name, std::string value) {
    std::string key(name);      // `name` may point into items_, which erase() moves around
    erase(key);
    items_.emplace_back(std::move(key), std::move(value));
}

void fields::add(std::string name, std::string value) { items_.emplace_back(std::move(name), std::move(value)); }

void fields::erase(std::string_view name) {
    std::erase_if(items_, [&](const value_type& f) { return iequals(f.first, name); });
}

}  // namespace coronet::http
