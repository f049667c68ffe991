#include "pages.hpp"

#include <fmt/format.h>

#include <coronet/http/percent.hpp>
#include <coronet/http/response.hpp>

namespace coronet::handlers::dictionary_detail {
namespace {

using http::html_escape;

// Every page leads back to the search page, the way a reader without JavaScript goes on.
std::string page(const site& s, std::string_view title, std::string_view body) {
    return fmt::format(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{}</title>\n"
        "<style>body{{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em}}"
        ".explanation{{white-space:pre-wrap}}</style>\n</head><body>\n"
        "<nav><a href=\"{}\">Search the dictionary</a></nav>\n{}</body></html>\n",
        html_escape(title), html_escape(s.search_url()), body);
}

std::string word_link(const site& s, std::string_view word) {
    return fmt::format("<a href=\"{}\">{}</a>", html_escape(s.word_url(word)), html_escape(word));
}

}  // namespace

std::string site::word_url(std::string_view word) const { return fmt::format("{}/words/{}", base, http::percent_encode(word)); }

std::string site::listing_url(std::string_view prefix, std::size_t limit, std::size_t offset) const {
    return fmt::format("{}/words?prefix={}&limit={}&offset={}", base, http::percent_encode(prefix), limit, offset);
}

std::string entry_page(const site& s, const dictionary_store::entry& e) {
    return page(s, e.word, fmt::format("<h1>{}</h1>\n<p class=\"explanation\">{}</p>\n"
                                    "<p><a href=\"{}\">Words starting with &ldquo;{}&rdquo;</a></p>\n",
                                    html_escape(e.word), html_escape(e.explanation),
                                    html_escape(s.listing_url(e.word, 20, 0)), html_escape(e.word)));
}

std::string miss_page(const site& s, std::string_view word, const std::vector<std::string>& suggestions) {
    std::string body = fmt::format("<h1>{}</h1>\n<p>Not in the dictionary.</p>\n", html_escape(word));
    if (!suggestions.empty()) {
        body += "<p>Did you mean:</p>\n<ul>\n";
        for (const auto& w : suggestions) body += fmt::format("<li>{}</li>\n", word_link(s, w));
        body += "</ul>\n";
    }
    return page(s, fmt::format("{}: not found", word), body);
}

std::string listing_page(const site& s, const listing& l) {
    std::string body = fmt::format("<h1>Words starting with &ldquo;{}&rdquo;</h1>\n", html_escape(l.prefix));
    if (l.entries.empty()) body += "<p>None.</p>\n";
    body += "<dl>\n";
    for (const auto& e : l.entries)
        body += fmt::format("<dt>{}</dt><dd class=\"explanation\">{}</dd>\n", word_link(s, e.word), html_escape(e.explanation));
    body += "</dl>\n";
    if (l.offset > 0) {
        auto previous = l.offset > l.limit ? l.offset - l.limit : 0;
        body += fmt::format("<a href=\"{}\">previous</a>\n", html_escape(s.listing_url(l.prefix, l.limit, previous)));
    }
    if (l.more) body += fmt::format("<a href=\"{}\">next</a>\n", html_escape(s.listing_url(l.prefix, l.limit, l.offset + l.limit)));
    return page(s, fmt::format("{}…", l.prefix), body);
}

}  // namespace coronet::handlers::dictionary_detail
