// dictd data files (handlers/dictd_import/src/dictd_data.cpp): plain, gzip and dictzip, read
// at any (offset, length). A file is opened or refused with dictd_error; a read gives exactly
// `length` bytes or is refused; a read is the same bytes as two reads of its halves (so chunks,
// the chunk cache and reads spanning chunks agree); a plain file reads as its bytes.
#include <sys/mman.h>
#include <unistd.h>

#include <string>

#include <coronet/handlers/dictd_import.hpp>

#include "dictd_data.hpp"
#include "fuzz_check.hpp"

using coronet::fuzz::require;
namespace detail = coronet::handlers::dictd_import_detail;

namespace {

// The bytes as a file, without touching the disk.
class memory_file {
public:
    explicit memory_file(std::string_view bytes) : fd_(::memfd_create("dictd-data-fuzz", 0)) {
        require(fd_ >= 0, "memfd_create works");
        for (std::size_t done = 0; done < bytes.size();) {
            auto n = ::write(fd_, bytes.data() + done, bytes.size() - done);
            require(n > 0, "the memory file takes the bytes");
            done += static_cast<std::size_t>(n);
        }
    }
    ~memory_file() { ::close(fd_); }
    std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

private:
    int fd_;
};

// The read, copied (a view lasts until the next read), or std::nullopt when it is refused.
std::optional<std::string> read(detail::dictd_data& d, std::uint64_t offset, std::uint64_t length) {
    try {
        auto bytes = d.read(offset, length);
        require(bytes.size() == length, "a read gives exactly the bytes asked for");
        return std::string(bytes);
    } catch (const coronet::handlers::dictd_error&) {
        return std::nullopt;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    // Reads from the end of the input (FuzzedDataProvider takes numbers from there), the file first.
    struct request { std::uint64_t offset, length, split; };
    request reads[4];
    for (auto& r : reads)
        r = {in.ConsumeIntegralInRange<std::uint64_t>(0, 1 << 20), in.ConsumeIntegralInRange<std::uint64_t>(0, 1 << 16),
             in.ConsumeIntegral<std::uint64_t>()};
    std::string bytes = in.ConsumeRemainingBytesAsString();
    memory_file file(bytes);

    std::optional<detail::dictd_data> d;
    try {
        d.emplace(file.path());
    } catch (const coronet::handlers::dictd_error&) {
        return 0;
    }
    if (d->kind() == detail::dictd_data::format::plain) require(d->size() == bytes.size(), "a plain file is its bytes");
    for (const auto& r : reads) {
        auto offset = d->size() == 0 ? 0 : r.offset % (d->size() + 1);
        auto whole = read(*d, offset, r.length);
        bool fits = r.length <= d->size() - offset;
        if (d->kind() != detail::dictd_data::format::dictzip)
            require(whole.has_value() == fits, "a read inside the data is served, one past it refused");
        if (!whole) {
            require(!fits || d->kind() == detail::dictd_data::format::dictzip, "only a corrupt chunk fails a read inside the data");
            continue;
        }
        if (d->kind() == detail::dictd_data::format::plain)
            require(*whole == std::string_view(bytes).substr(offset, r.length), "a plain file reads as its bytes");
        auto half = r.length == 0 ? 0 : r.split % r.length;
        auto head = read(*d, offset, half), tail = read(*d, offset + half, r.length - half);
        require(head && tail && *head + *tail == *whole, "a read is its two halves");
    }
    return 0;
}
