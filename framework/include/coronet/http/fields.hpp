#pragma once
// A header list: names compare case-insensitively, order and duplicates are kept.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace coronet::http {

bool iequals(std::string_view a, std::string_view b);
// Without the spaces and tabs around it (header values' optional whitespace, RFC 9110 5.6.3).
std::string_view trim_whitespace(std::string_view text);

class fields {
public:
    using value_type = std::pair<std::string, std::string>;

    // The first value of `name`, or "" when absent.
    std::string_view get(std::string_view name) const;
    bool contains(std::string_view name) const;
    void set(std::string_view name, std::string value);    // replaces every `name`
    void add(std::string name, std::string value);          // appends another
    void erase(std::string_view name);
    void clear() { items_.clear(); }

    auto begin() const { return items_.begin(); }
    auto end() const { return items_.end(); }
    std::size_t size() const { return items_.size(); }
    bool empty() const { return items_.empty(); }

private:
    std::vector<value_type> items_;
};

}  // namespace coronet::http
