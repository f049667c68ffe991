#include "dict_strategies.hpp"

#include <algorithm>
#include <array>

#include <coronet/http/fields.hpp>

namespace coronet::handlers::dict_detail {

namespace {

constexpr std::array<strategy_description, 6> table{{
    {strategy::exact, "exact", "Match headwords exactly (ignoring ASCII case)"},
    {strategy::prefix, "prefix", "Match prefixes"},
    {strategy::substring, "substring", "Match substring occurring anywhere in a headword"},
    {strategy::suffix, "suffix", "Match suffixes"},
    {strategy::soundex, "soundex", "Match using SOUNDEX algorithm"},
    {strategy::lev, "lev", "Match headwords within Levenshtein distance one"},
}};

char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool same_folded(char a, char b) { return fold(a) == fold(b); }

bool starts_with_folded(std::string_view text, std::string_view part) {
    return text.size() >= part.size() && http::iequals(text.substr(0, part.size()), part);
}
bool ends_with_folded(std::string_view text, std::string_view part) {
    return text.size() >= part.size() && http::iequals(text.substr(text.size() - part.size()), part);
}
bool contains_folded(std::string_view text, std::string_view part) {
    return std::search(text.begin(), text.end(), part.begin(), part.end(), same_folded) != text.end();
}

bool has_ascii_letter(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) { return fold(c) >= 'a' && fold(c) <= 'z'; });
}

std::vector<std::string> words_of(std::vector<dictionary_store::entry> entries) {
    std::vector<std::string> words;
    words.reserve(entries.size());
    for (auto& e : entries) words.push_back(std::move(e.word));
    return words;
}

}  // namespace

std::span<const strategy_description> strategies() { return table; }

std::optional<strategy> strategy_named(std::string_view name) {
    if (name == ".") return default_strategy;
    for (const auto& s : table)
        if (http::iequals(s.name, name)) return s.id;
    return std::nullopt;
}

std::string soundex(std::string_view word) {
    // Digits of a..z; '0' for the vowels and y, h and w (which separate nothing, see below).
    constexpr std::string_view digits = "01230120022455012623010202";
    std::string code;
    char last = 0;
    for (char c : word) {
        char letter = fold(c);
        if (letter < 'a' || letter > 'z') continue;
        char digit = digits[static_cast<std::size_t>(letter - 'a')];
        if (code.empty()) {
            code.push_back(static_cast<char>(letter - 'a' + 'A'));
        } else if (letter == 'h' || letter == 'w') {
            continue;   // letters of one code around h or w are coded once
        } else if (digit != '0' && digit != last) {
            code.push_back(digit);
            if (code.size() == 4) return code;
        }
        last = digit;
    }
    if (!code.empty()) code.resize(4, '0');
    return code;
}

std::vector<std::string> match_words(const dictionary_store& store, strategy how, std::string_view word,
                                     std::size_t limit) {
    if (limit == 0) return {};
    switch (how) {
    case strategy::exact: {
        if (word.empty()) return {};
        auto found = store.lookup(word);
        if (!found) return {};
        return {std::move(found->word)};
    }
    case strategy::prefix:
        if (!has_ascii_letter(word)) return words_of(store.prefix(word, limit));
        return store.find_words([&](std::string_view w) { return starts_with_folded(w, word); }, limit);
    case strategy::substring:
        return store.find_words([&](std::string_view w) { return contains_folded(w, word); }, limit);
    case strategy::suffix:
        return store.find_words([&](std::string_view w) { return ends_with_folded(w, word); }, limit);
    case strategy::soundex: {
        std::string code = soundex(word);
        if (code.empty()) return {};
        return store.find_words([&](std::string_view w) { return soundex(w) == code; }, limit);
    }
    case strategy::lev:
        if (word.empty()) return {};
        return store.near(word, 1, limit);
    }
    return {};
}

}  // namespace coronet::handlers::dict_detail
