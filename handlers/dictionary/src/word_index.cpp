#include "word_index.hpp"

#include <algorithm>
#include <mutex>
#include <utility>

#include <coronet/utf8.hpp>

#include "nearest_words.hpp"

namespace coronet::handlers::dictionary_detail {
namespace {

std::size_t count_code_points(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

}  // namespace

void word_index::insert(std::string_view word) {
    std::unique_lock lock(mutex_);
    if (!loaded_) return;   // the load will read it from the store
    auto at = std::lower_bound(words_.begin(), words_.end(), word);
    if (at == words_.end() || *at != word) words_.emplace(at, word);
}

void word_index::erase(std::string_view word) {
    std::unique_lock lock(mutex_);
    if (!loaded_) return;
    auto at = std::lower_bound(words_.begin(), words_.end(), word);
    if (at != words_.end() && *at == word) words_.erase(at);
}

void word_index::invalidate() {
    std::unique_lock lock(mutex_);
    loaded_ = false;
    words_ = {};
}

template <typename Read>
auto word_index::with_words(Read read) {
    std::shared_lock reading(mutex_);
    while (!loaded_) {   // a loop: an import may invalidate between the two locks
        reading.unlock();
        {
            std::unique_lock writing(mutex_);
            if (!loaded_) {
                words_ = load_();
                loaded_ = true;
            }
        }
        reading.lock();
    }
    return read(std::as_const(words_));
}

std::vector<std::string> word_index::nearest(std::string_view query, std::size_t limit,
                                             std::optional<std::size_t> max_distance) {
    if (!is_valid_utf8(query)) return {};
    auto distance = max_distance.value_or(typo_distance(count_code_points(query)));
    return with_words([&](const std::vector<std::string>& words) { return nearest_words(words, query, limit, distance); });
}

std::vector<std::string> word_index::find(const std::function<bool(std::string_view)>& match, std::size_t limit) {
    return with_words([&](const std::vector<std::string>& words) {
        std::vector<std::string> out;
        for (const auto& w : words) {
            if (out.size() >= limit) break;
            if (match(w)) out.push_back(w);
        }
        return out;
    });
}

}  // namespace coronet::handlers::dictionary_detail
