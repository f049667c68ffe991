#include <coronet/handlers/dictionary_routes.hpp>

#include <charconv>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>

#include <boost/json/parse.hpp>
#include <fmt/format.h>

#include <coronet/http/accept.hpp>
#include <coronet/http/bearer_token.hpp>
#include <coronet/http/fields.hpp>
#include <coronet/http/header_value.hpp>
#include <coronet/http/json.hpp>
#include <coronet/http/percent.hpp>
#include <coronet/log.hpp>
#include <coronet/outage_log.hpp>
#include <coronet/utf8.hpp>

#include "pages.hpp"

namespace coronet::handlers {
namespace {

using dictionary_detail::site;
namespace json = boost::json;

struct mount_state {
    mount_state(std::shared_ptr<dictionary_store> s, dictionary_routes_options o, site l)
        : store(std::move(s)), options(std::move(o)), links(std::move(l)),
          disk(options.log ? *options.log : default_logger(), "dictionary: writes are refused with 507 until the disk has room",
               "dictionary: the disk has room again: writes are stored") {}

    std::shared_ptr<dictionary_store> store;
    dictionary_routes_options options;
    site links;
    mutable outage_log disk;   // a full disk: said once, not at every refused write
};

// An answer in the representation the client prefers: the HTML page for a browser, else JSON.
// The same URL answers either, so caches must key on Accept.
http::response negotiated(const http::request& req, unsigned status, const json::value& as_json,
                          const std::function<std::string()>& as_html) {
    auto res = http::prefers_html(req.header("Accept")) ? http::html(as_html(), status) : http::json(as_json, status);
    res.headers.add("Vary", "Accept");
    return res;
}

http::response refusal(const http::request& req, unsigned status, std::string_view message) {
    return negotiated(req, status, json::object{{"error", message}}, [&] { return http::error_page(status, message).body; });
}

json::object to_json(const dictionary_store::entry& e) { return {{"word", e.word}, {"explanation", e.explanation}}; }

// A query parameter that must be a count in [min, max]; `fallback` when absent.
std::optional<std::size_t> count_parameter(const http::request& req, std::string_view name, std::size_t fallback,
                                           std::size_t min, std::size_t max) {
    auto text = req.query(name);
    if (!text) return fallback;
    std::size_t value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc{} || end != text->data() + text->size() || value < min || value > max) return std::nullopt;
    return value;
}

http::response look_up(const mount_state& m, const http::request& req) {
    auto word = req.param("word");
    if (!is_valid_utf8(word)) return refusal(req, 400, "the word is not valid UTF-8");
    if (auto e = m.store->lookup(word)) return negotiated(req, 200, to_json(*e), [&] { return entry_page(m.links, *e); });
    auto near = m.store->suggest(word, m.options.suggestions);
    json::array suggestions(near.begin(), near.end());
    return negotiated(req, 404, json::object{{"error", "not found"}, {"word", word}, {"suggestions", std::move(suggestions)}},
                      [&] { return miss_page(m.links, word, near); });
}

http::response list(const mount_state& m, const http::request& req) {
    dictionary_detail::listing l;
    if (!http::percent_decode(req.query_string(), true)) return refusal(req, 400, "the query has a malformed %-escape");
    l.prefix = req.query("prefix").value_or("");
    if (!is_valid_utf8(l.prefix)) return refusal(req, 400, "the prefix is not valid UTF-8");
    auto limit = count_parameter(req, "limit", m.options.default_limit, 1, m.options.max_limit);
    if (!limit) return refusal(req, 400, fmt::format("limit must be a number from 1 to {}", m.options.max_limit));
    auto offset = count_parameter(req, "offset", 0, 0, std::numeric_limits<std::int64_t>::max());
    if (!offset) return refusal(req, 400, "offset must be a number");
    l.limit = *limit;
    l.offset = *offset;
    l.entries = m.store->prefix(l.prefix, l.limit + 1, l.offset);   // one more tells if a page follows
    l.more = l.entries.size() > l.limit;
    if (l.more) l.entries.pop_back();
    json::array entries;
    for (const auto& e : l.entries) entries.push_back(to_json(e));
    json::object body{{"prefix", l.prefix}, {"offset", l.offset}, {"limit", l.limit}, {"words", std::move(entries)}};
    if (l.more) body["next"] = m.links.listing_url(l.prefix, l.limit, l.offset + l.limit);
    return negotiated(req, 200, body, [&] { return listing_page(m.links, l); });
}

// The explanation a PUT carries, or the refusal to send instead.
struct explanation_or_refusal {
    std::string explanation;
    std::optional<http::response> refused;
};

explanation_or_refusal explanation_of(const mount_state& m, const http::request& req) {
    std::string explanation = req.body();
    if (http::parse_header_value(req.header("Content-Type")).token == "application/json") {
        json::error_code ec;
        auto doc = json::parse(req.body(), ec);
        const json::string* text = nullptr;
        if (!ec && doc.is_object())
            if (auto* field = doc.as_object().if_contains("explanation")) text = field->if_string();
        if (!text) return {{}, refusal(req, 400, R"(expected a JSON object {"explanation": "..."})")};
        explanation.assign(text->data(), text->size());
    }
    if (explanation.size() > m.options.max_explanation_bytes)
        return {{}, refusal(req, 413, fmt::format("the explanation is over {} bytes", m.options.max_explanation_bytes))};
    if (explanation.empty()) return {{}, refusal(req, 400, "the explanation is empty")};
    if (!is_valid_utf8(explanation)) return {{}, refusal(req, 400, "the explanation is not valid UTF-8")};
    return {std::move(explanation), std::nullopt};
}

http::response put(const mount_state& m, const http::request& req) {
    if (auto refused = http::refuse_without_bearer_token(req, m.options.write_token)) return std::move(*refused);
    auto word = req.param("word");
    if (!is_valid_utf8(word)) return refusal(req, 400, "the word is not valid UTF-8");
    auto [explanation, refused] = explanation_of(m, req);
    if (refused) return std::move(*refused);
    dictionary_store::entry e{std::string(word), std::move(explanation)};
    bool created = false;
    try {
        created = m.store->put(e.word, e.explanation);
    } catch (const store_full& full) {
        m.disk.failed(full.what());
        return refusal(req, 507, "the dictionary's disk is full: the word was not stored; try again later");
    }
    m.disk.succeeded();
    auto res = negotiated(req, created ? 201 : 200, to_json(e), [&] { return entry_page(m.links, e); });
    if (created) res.headers.add("Location", m.links.word_url(e.word));
    return res;
}

http::response erase(const mount_state& m, const http::request& req) {
    if (auto refused = http::refuse_without_bearer_token(req, m.options.write_token)) return std::move(*refused);
    auto word = req.param("word");
    if (!is_valid_utf8(word)) return refusal(req, 400, "the word is not valid UTF-8");
    bool erased = false;
    try {
        erased = m.store->erase(word);
    } catch (const store_full& full) {
        m.disk.failed(full.what());
        return refusal(req, 507, "the dictionary's disk is full: the word was not deleted; try again later");
    }
    m.disk.succeeded();
    if (!erased) return refusal(req, 404, "no such word");
    return http::no_content();
}

// The search page, at the mount prefix + "/". Its form, without JavaScript, sends ?q=word
// here: answered with a redirect to the word's own page.
http::response search(const mount_state& m, const http::request& req) {
    if (!http::percent_decode(req.query_string(), true)) return refusal(req, 400, "the query has a malformed %-escape");
    auto q = req.query("q").value_or("");
    auto word = http::trim_whitespace(q);
    if (!is_valid_utf8(word)) return refusal(req, 400, "the word is not valid UTF-8");
    if (!word.empty()) return http::redirect(m.links.word_url(word), 303);
    auto res = http::html(std::string(dictionary_detail::search_page()));
    res.headers.add("Cache-Control", "public, max-age=300");   // the same bytes until the server is upgraded
    return res;
}

// "/dict" to "/dict/": the page's relative URLs need the trailing slash to resolve under the prefix.
http::response to_search_page(const mount_state& m, const http::request& req) {
    auto location = m.links.search_url();
    if (!req.query_string().empty()) location.append("?").append(req.query_string());
    return http::redirect(location, 301);
}

}  // namespace

void mount_dictionary(http::router& r, std::string_view prefix, std::shared_ptr<dictionary_store> store,
                      dictionary_routes_options options) {
    if (!store) throw std::invalid_argument("mount_dictionary: no store");
    if (options.suggestions > 100 || options.default_limit == 0 || options.default_limit > options.max_limit)
        throw std::invalid_argument("mount_dictionary: suggestions at most 100, 1 <= default_limit <= max_limit");
    std::string base(prefix);
    while (!base.empty() && base.back() == '/') base.pop_back();
    auto m = std::make_shared<const mount_state>(std::move(store), std::move(options), site{base});
    using handler_fn = http::response (*)(const mount_state&, const http::request&);
    auto route = [&](http::method method, std::string_view path, handler_fn fn) {
        r.route(method, base + std::string(path), [m, fn](http::request& req) -> task<http::response> { co_return fn(*m, req); });
    };
    route(http::method::get, "/", search);
    if (!base.empty()) route(http::method::get, "", to_search_page);
    route(http::method::get, "/words/{word}", look_up);
    route(http::method::get, "/words", list);
    if (!m->options.write_token.empty()) {
        route(http::method::put, "/words/{word}", put);
        route(http::method::delete_, "/words/{word}", erase);
    }
}

}  // namespace coronet::handlers
