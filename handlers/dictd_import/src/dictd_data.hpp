// The data file of a dictd database, read at any (offset, length) of its uncompressed text:
// - a plain .dict file;
// - a dictzip .dict.dz file: only the chunks a read covers are inflated; the last one is kept,
//   so reads in offset order inflate every chunk once;
// - a gzip file without dictzip's table: inflated whole when opened.
// The file is read into memory when opened (an import needs all of it anyway, and a file cut
// short underneath us cannot then crash the process, as a memory map could).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "gzip_header.hpp"
#include "inflate.hpp"

namespace coronet::handlers::dictd_import_detail {

class dictd_data {
public:
    enum class format { plain, dictzip, gzip };

    // Throws dictd_error when the file cannot be read or its gzip header or table is corrupt.
    explicit dictd_data(std::filesystem::path file);

    format kind() const { return format_; }
    // Uncompressed size.
    std::uint64_t size() const { return size_; }

    // The `length` bytes at `offset`; valid until the next read. Throws dictd_error when the
    // range goes beyond the data or a chunk is corrupt.
    std::string_view read(std::uint64_t offset, std::uint64_t length);

private:
    void open_dictzip(gzip_header header);
    const std::string& chunk(std::size_t index);

    std::filesystem::path file_;
    std::string bytes_;         // the file as it is on disk
    std::string inflated_;      // the whole text, for a plain gzip file
    std::string_view text_;     // the whole text, for a plain or gzip file
    format format_ = format::plain;
    std::uint64_t size_ = 0;

    // dictzip only.
    std::uint32_t chunk_length_ = 0;
    std::vector<std::uint64_t> chunk_starts_;   // in bytes_, one per chunk plus the end
    chunk_inflater inflater_;
    std::size_t cached_index_ = SIZE_MAX;
    std::string cached_;
    std::string spanning_;      // a read that covers several chunks
};

}  // namespace coronet::handlers::dictd_import_detail
