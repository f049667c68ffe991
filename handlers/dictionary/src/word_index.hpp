// The store's words in memory, sorted, for "did you mean" suggestions (SQLite cannot search by
// edit distance). Loaded on first use, so opening a large store stays fast.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace coronet::handlers::dictionary_detail {

class word_index {
public:
    // `load` returns every word, sorted bytewise; called once, on the first query.
    explicit word_index(std::function<std::vector<std::string>()> load) : load_(std::move(load)) {}

    // Keep the index in step with committed writes. Call them after the commit: a load that
    // raced with the write then either saw it or is followed by it. Idempotent.
    void insert(std::string_view word);
    void erase(std::string_view word);
    // Forgets everything; the next query loads again (after a bulk import).
    void invalidate();

    // See nearest_words(); `max_distance` std::nullopt: typo_distance of the query's length.
    std::vector<std::string> nearest(std::string_view query, std::size_t limit,
                                     std::optional<std::size_t> max_distance = std::nullopt);
    // The words `match` accepts, in order, at most `limit`.
    std::vector<std::string> find(const std::function<bool(std::string_view)>& match, std::size_t limit);

private:
    // Runs `read` on the loaded list under the shared lock.
    template <typename Read>
    auto with_words(Read read);

    std::function<std::vector<std::string>()> load_;
    std::shared_mutex mutex_;
    bool loaded_ = false;
    std::vector<std::string> words_;
};

}  // namespace coronet::handlers::dictionary_detail
