#include "dictd_data.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include <coronet/handlers/dictd_import.hpp>

#include "read_file.hpp"

namespace coronet::handlers::dictd_import_detail {

namespace {

constexpr std::size_t gzip_trailer_size = 8;   // CRC-32 and ISIZE

std::uint32_t le32_at(std::string_view bytes, std::size_t i) {
    std::uint32_t value = 0;
    for (int k = 3; k >= 0; --k) value = (value << 8) | static_cast<unsigned char>(bytes[i + k]);
    return value;
}

}  // namespace

dictd_data::dictd_data(std::filesystem::path file) : file_(std::move(file)), bytes_(read_file(file_)) {
    if (!looks_like_gzip(bytes_)) {
        text_ = bytes_;
        size_ = text_.size();
        return;
    }
    auto parsed = parse_gzip_header(bytes_);
    if (auto* error = std::get_if<gzip_header_error>(&parsed)) {
        throw dictd_error(fmt::format("{}: {}", file_.string(), error->message));
    }
    auto& header = std::get<gzip_header>(parsed);
    if (header.random_access) {
        open_dictzip(std::move(header));
        return;
    }
    try {
        inflated_ = inflate_gzip(bytes_);
    } catch (const std::runtime_error& e) {
        throw dictd_error(fmt::format("{}: {}", file_.string(), e.what()));
    }
    format_ = format::gzip;
    text_ = inflated_;
    size_ = text_.size();
}

void dictd_data::open_dictzip(gzip_header header) {
    format_ = format::dictzip;
    const auto& table = *header.random_access;
    chunk_length_ = table.chunk_length;
    chunk_starts_.reserve(table.compressed_sizes.size() + 1);
    std::uint64_t at = header.size;
    chunk_starts_.push_back(at);
    for (auto size : table.compressed_sizes) chunk_starts_.push_back(at += size);
    if (bytes_.size() < at + gzip_trailer_size) {
        throw dictd_error(fmt::format("{}: truncated: its dictzip table needs {} bytes, the file has {}",
                                      file_.string(), at + gzip_trailer_size, bytes_.size()));
    }
    // The trailer holds the size modulo 2^32; the chunk count pins down which multiple it is.
    std::uint64_t count = table.compressed_sizes.size();
    std::uint64_t low = count == 0 ? 0 : (count - 1) * chunk_length_ + 1;
    std::uint64_t high = count * chunk_length_;
    std::uint32_t isize = le32_at(bytes_, bytes_.size() - 4);
    std::uint64_t size = (low & ~std::uint64_t{0xffffffff}) | isize;
    if (size < low) size += std::uint64_t{1} << 32;
    if (size < low || size > high) {
        throw dictd_error(fmt::format("{}: gzip trailer's size {} does not fit its {} dictzip chunks of {} bytes",
                                      file_.string(), isize, count, chunk_length_));
    }
    size_ = size;
}

const std::string& dictd_data::chunk(std::size_t index) {
    if (index == cached_index_) return cached_;
    cached_index_ = SIZE_MAX;   // stays invalid if inflating throws
    std::string_view compressed(bytes_.data() + chunk_starts_[index], chunk_starts_[index + 1] - chunk_starts_[index]);
    std::uint64_t start = std::uint64_t{index} * chunk_length_;
    auto expected = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_length_, size_ - start));
    try {
        inflater_.inflate(compressed, cached_, expected);
    } catch (const std::runtime_error& e) {
        throw dictd_error(fmt::format("{}: dictzip chunk {} (file offset {}, text offset {}): {}", file_.string(),
                                      index, chunk_starts_[index], start, e.what()));
    }
    cached_index_ = index;
    return cached_;
}

std::string_view dictd_data::read(std::uint64_t offset, std::uint64_t length) {
    if (offset > size_ || length > size_ - offset) {
        throw dictd_error(fmt::format("{}: offset {} length {} goes beyond the data ({} bytes)", file_.string(),
                                      offset, length, size_));
    }
    if (length == 0) return {};
    if (format_ != format::dictzip) return text_.substr(offset, length);

    std::size_t first = offset / chunk_length_;
    std::size_t last = (offset + length - 1) / chunk_length_;
    std::size_t skip = offset - std::uint64_t{first} * chunk_length_;
    if (first == last) return std::string_view(chunk(first)).substr(skip, length);
    spanning_.clear();
    for (std::size_t i = first; i <= last; ++i) {
        std::string_view piece = chunk(i);
        if (i == first) piece.remove_prefix(skip);
        spanning_.append(piece.substr(0, length - spanning_.size()));
    }
    return spanning_;
}

}  // namespace coronet::handlers::dictd_import_detail
