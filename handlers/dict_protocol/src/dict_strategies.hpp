#pragma once
// MATCH's strategies over one dictionary_store. Letters compare ignoring ASCII case (as dictd
// does); other bytes (UTF-8 beyond ASCII) compare exactly.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <coronet/handlers/dictionary_store.hpp>

namespace coronet::handlers::dict_detail {

enum class strategy { exact, prefix, substring, suffix, soundex, lev };

struct strategy_description {
    strategy id;
    std::string_view name;
    std::string_view description;   // SHOW STRAT's text
};

// In SHOW STRAT's order.
std::span<const strategy_description> strategies();

// "." is the server's default, lev: the customary strategy for "did you mean" (the stock
// client asks MATCH * . word after a miss). Names compare ignoring ASCII case.
inline constexpr strategy default_strategy = strategy::lev;
std::optional<strategy> strategy_named(std::string_view name);

// American Soundex: the first ASCII letter (upper case) and three digits, "" when `word` has
// no ASCII letter. Other bytes are skipped.
std::string soundex(std::string_view word);

// The headwords of `store` that `word` matches by `how`, at most `limit`: bytewise order, but
// nearest first for lev. exact gives the store's lookup (one spelling); prefix without ASCII
// letters is a range scan of the store, the rest scan its in-memory word list.
std::vector<std::string> match_words(const dictionary_store& store, strategy how, std::string_view word,
                                     std::size_t limit);

}  // namespace coronet::handlers::dict_detail
