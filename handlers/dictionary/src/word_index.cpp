#include "word_index.hpp"

#include <algorithm>
#include <mutex>

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

std::vector<std::string> word_index::nearest(std::string_view query, std::size_t limit) {
    if (!is_valid_utf8(query)) return {};
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
    return nearest_words(words_, query, limit, typo_distance(count_code_points(query)));
}

}  // namespace coronet::handlers::dictionary_detail
