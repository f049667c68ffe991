#include "file_cache.hpp"

#include <algorithm>

namespace coronet::handlers::detail {

file_identity file_identity::of(const struct stat& st) {
    return {st.st_dev, st.st_ino, st.st_size, st.st_mtim, st.st_ctim};
}

bool file_identity::operator==(const file_identity& other) const {
    auto same = [](const timespec& a, const timespec& b) { return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec; };
    return device == other.device && inode == other.inode && size == other.size && same(modified, other.modified) &&
           same(changed, other.changed);
}

file_cache::file_cache(const root_directory& root, file_cache_limits limits) : root_(root), limits_(limits) {}

std::shared_ptr<const cached_file> file_cache::find(const std::string& key) {
    if (limits_.max_files == 0 || key.empty()) return nullptr;
    struct stat st{};
    bool exists = root_.stat(key, st);
    std::lock_guard lock(mutex_);
    auto found = by_key_.find(key);
    if (found == by_key_.end()) return nullptr;
    auto position = found->second;
    if (!exists || !(file_identity::of(st) == file_identity::of(position->entry->file->status()))) {
        drop(position);
        return nullptr;
    }
    recent_.splice(recent_.begin(), recent_, position);
    return position->entry;
}

void file_cache::insert(const std::string& key, std::shared_ptr<const cached_file> entry) {
    if (limits_.max_files == 0 || key.empty()) return;
    const auto& st = entry->file->status();
    std::size_t bytes = entry->bytes ? entry->bytes->size() : 0;
    if (bytes > limits_.memory_bytes) return;
    if (entry->bytes && std::max(st.st_mtim.tv_sec, st.st_ctim.tv_sec) + settle >= std::time(nullptr)) return;
    std::lock_guard lock(mutex_);
    if (auto found = by_key_.find(key); found != by_key_.end()) drop(found->second);
    recent_.push_front({key, std::move(entry)});
    by_key_.emplace(key, recent_.begin());
    memory_ += bytes;
    while (memory_ > limits_.memory_bytes || recent_.size() > limits_.max_files) drop(std::prev(recent_.end()));
}

void file_cache::erase(const std::string& key) {
    std::lock_guard lock(mutex_);
    if (auto found = by_key_.find(key); found != by_key_.end()) drop(found->second);
}

void file_cache::drop(std::list<slot>::iterator position) {
    if (position->entry->bytes) memory_ -= position->entry->bytes->size();
    by_key_.erase(position->key);
    recent_.erase(position);
}

std::size_t file_cache::size() const {
    std::lock_guard lock(mutex_);
    return recent_.size();
}

std::size_t file_cache::memory_bytes() const {
    std::lock_guard lock(mutex_);
    return memory_;
}

}  // namespace coronet::handlers::detail
