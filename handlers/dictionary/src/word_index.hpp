// The store's words in memory, sorted, for "did you mean" suggestions (SQLite cannot search by
// edit distance). Loaded on first use, so opening a large store stays fast.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace coronet::handlers::dictionary_detail {

class word_index {
public:
    // `load` returns every word, sorted bytewise; called on the first query after construction
    // or invalidate().
    explicit word_index(std::function<std::vector<std::string>()> load) : load_(std::move(load)) {}

    // Keep the index in step with committed writes. Call them after the commit and before the
    // next write: a load that raced with the write then either saw it or is followed by it.
    // Idempotent. Each copies the list (copy on write, a few ms for 200k words), so that
    // searches never hold a lock a writer must wait for.
    void insert(std::string_view word);
    void erase(std::string_view word);
    // Forgets everything; the next query loads again (after a bulk import).
    void invalidate();

    // See nearest_words(); `max_distance` std::nullopt: typo_distance of the query's length.
    // At most max_search_distance, whatever is asked: the search grows fast with it.
    std::vector<std::string> nearest(std::string_view query, std::size_t limit,
                                     std::optional<std::size_t> max_distance = std::nullopt);
    // The words `match` accepts, in order, at most `limit`. `match` runs on a snapshot, with
    // no lock held, so it may even write to the store.
    std::vector<std::string> find(const std::function<bool(std::string_view)>& match, std::size_t limit);

    static constexpr std::size_t max_search_distance = 4;

private:
    using list = std::vector<std::string>;
    // The current list, loaded if needed; searches run on it without a lock.
    std::shared_ptr<const list> snapshot();
    // Replaces the list with an edited copy, when one is loaded.
    void edit(const std::function<void(list&)>& change);

    std::function<list()> load_;
    std::mutex mutex_;                    // guards words_ (the pointer), and loading
    std::shared_ptr<const list> words_;   // null: not loaded
};

}  // namespace coronet::handlers::dictionary_detail
