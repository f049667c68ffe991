#include "word_index.hpp"

#include <algorithm>

#include <coronet/utf8.hpp>

#include "nearest_words.hpp"

namespace coronet::handlers::dictionary_detail {
namespace {

std::size_t count_code_points(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

}  // namespace

std::shared_ptr<const word_index::list> word_index::snapshot() {
    std::lock_guard lock(mutex_);
    // Loading under the lock: an insert that waits for it lands after the load, and one
    // made before it is in what the load reads.
    if (!words_) words_ = std::make_shared<const list>(load_());
    return words_;
}

void word_index::edit(const std::function<void(list&)>& change) {
    std::lock_guard lock(mutex_);
    if (!words_) return;   // the next load reads the change from the store
    auto copy = std::make_shared<list>(*words_);
    change(*copy);
    words_ = std::move(copy);
}

void word_index::insert(std::string_view word) {
    edit([word](list& words) {
        auto at = std::lower_bound(words.begin(), words.end(), word);
        if (at == words.end() || *at != word) words.emplace(at, word);
    });
}

void word_index::erase(std::string_view word) {
    edit([word](list& words) {
        auto at = std::lower_bound(words.begin(), words.end(), word);
        if (at != words.end() && *at == word) words.erase(at);
    });
}

void word_index::invalidate() {
    std::lock_guard lock(mutex_);
    words_.reset();
}

std::vector<std::string> word_index::nearest(std::string_view query, std::size_t limit,
                                             std::optional<std::size_t> max_distance) {
    if (!is_valid_utf8(query)) return {};
    auto distance = std::min(max_distance.value_or(typo_distance(count_code_points(query))), max_search_distance);
    return nearest_words(*snapshot(), query, limit, distance);
}

std::vector<std::string> word_index::find(const std::function<bool(std::string_view)>& match, std::size_t limit) {
    auto words = snapshot();
    std::vector<std::string> out;
    for (const auto& w : *words) {
        if (out.size() >= limit) break;
        if (match(w)) out.push_back(w);
    }
    return out;
}

}  // namespace coronet::handlers::dictionary_detail
