#pragma once
// The files a mount has already resolved and opened, so that a repeated request costs one
// look at its path (resolved beneath the root, then stat'ed) instead of an open and a read.
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include <sys/stat.h>

#include "conditional.hpp"
#include "open_file.hpp"
#include "path_resolution.hpp"

namespace coronet::handlers::detail {

// What tells two versions of a file apart without reading them. ctime is in it because
// nobody can set it: a write that restores size and mtime still moves ctime.
struct file_identity {
    dev_t device = 0;
    ino_t inode = 0;
    off_t size = 0;
    struct timespec modified{}, changed{};
    static file_identity of(const struct stat& st);
    bool operator==(const file_identity&) const;
};

// A file resolved inside the root and opened: everything an answer about it needs.
struct cached_file {
    std::shared_ptr<const open_file> file;
    file_validators validators;
    std::string content_type;
    std::optional<std::string> bytes;       // the whole content, for a small file
};

struct file_cache_limits {
    std::size_t memory_bytes;               // file content held, in all
    std::size_t max_files;                  // entries; each one without `bytes` holds a descriptor
};

// Thread-safe: every thread of a runtime may serve the mount. Least recently used out first.
class file_cache {
public:
    // Keys are resolved below `root`, which must outlive the cache.
    file_cache(const root_directory& root, file_cache_limits limits);
    file_cache(const file_cache&) = delete;
    file_cache& operator=(const file_cache&) = delete;

    // The entry for `key` (a path relative to the root, as the request names it) when what
    // that path leads to now, resolved beneath the root, is still the very file cached: same
    // device, inode, size, mtime, ctime. Symlinks that stay inside the root are followed; once
    // the path leads out (a directory on the way swapped for a symlink), the entry is dropped,
    // as is a stale one.
    std::shared_ptr<const cached_file> find(const std::string& key);
    // Remembers `entry`; an entry with bytes changed within the last `settle` seconds is not
    // kept: file times are coarse (a clock tick), so a second write in the same tick could
    // leave size and times unchanged and the bytes stale.
    void insert(const std::string& key, std::shared_ptr<const cached_file> entry);
    void erase(const std::string& key);

    std::size_t size() const;
    std::size_t memory_bytes() const;

    static constexpr std::time_t settle = 1;

private:
    struct slot {
        std::string key;
        std::shared_ptr<const cached_file> entry;
    };
    void drop(std::list<slot>::iterator position);   // with mutex_ held

    const root_directory& root_;
    file_cache_limits limits_;
    mutable std::mutex mutex_;
    std::list<slot> recent_;                          // most recently used first
    std::unordered_map<std::string, std::list<slot>::iterator> by_key_;
    std::size_t memory_ = 0;
};

}  // namespace coronet::handlers::detail
