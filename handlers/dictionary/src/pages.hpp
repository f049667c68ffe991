// The HTML pages of the dictionary's routes, for browsers (API clients get JSON), and the
// search page served at the mount prefix + "/".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <coronet/handlers/dictionary_store.hpp>

namespace coronet::handlers::dictionary_detail {

// Where the routes are mounted ("" or "/dict") and how to link inside them.
struct site {
    std::string base;   // no trailing slash
    std::string search_url() const { return base + "/"; }
    std::string word_url(std::string_view word) const;
    std::string listing_url(std::string_view prefix, std::size_t limit, std::size_t offset) const;
};

// The search box with live suggestions (search_page.cpp): the same under any prefix, since every
// URL in it is relative to the page.
std::string_view search_page();

std::string entry_page(const site& s, const dictionary_store::entry& e);
std::string miss_page(const site& s, std::string_view word, const std::vector<std::string>& suggestions);
struct listing {
    std::string prefix;
    std::size_t limit = 0;
    std::size_t offset = 0;
    std::vector<dictionary_store::entry> entries;
    bool more = false;   // entries follow this page
};
std::string listing_page(const site& s, const listing& l);

}  // namespace coronet::handlers::dictionary_detail
