#include "gzip_header.hpp"

#include <fmt/format.h>

namespace coronet::handlers::dictd_import_detail {

namespace {

// RFC 1952 flag bits.
constexpr unsigned fhcrc = 0x02, fextra = 0x04, fname = 0x08, fcomment = 0x10, reserved = 0xe0;
constexpr unsigned deflate_method = 8;
constexpr std::size_t fixed_header_size = 10;

unsigned byte_at(std::string_view bytes, std::size_t i) { return static_cast<unsigned char>(bytes[i]); }
unsigned le16_at(std::string_view bytes, std::size_t i) { return byte_at(bytes, i) | (byte_at(bytes, i + 1) << 8); }

// The "RA" subfield's data: VER(2) CHLEN(2) CHCNT(2) then CHCNT sizes of 2 bytes, little-endian.
std::variant<dictzip_chunks, gzip_header_error> parse_random_access(std::string_view data) {
    if (data.size() < 6) return gzip_header_error{"dictzip RA field is shorter than its 6-byte header"};
    if (auto version = le16_at(data, 0); version != 1)
        return gzip_header_error{fmt::format("dictzip RA field has version {}, only 1 is known", version)};
    dictzip_chunks chunks;
    chunks.chunk_length = le16_at(data, 2);
    std::size_t count = le16_at(data, 4);
    if (chunks.chunk_length == 0) return gzip_header_error{"dictzip RA field has a chunk length of 0"};
    if (data.size() != 6 + 2 * count) {
        return gzip_header_error{fmt::format("dictzip RA field of {} bytes cannot hold {} chunk sizes", data.size(), count)};
    }
    chunks.compressed_sizes.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        auto size = le16_at(data, 6 + 2 * i);
        if (size == 0) return gzip_header_error{fmt::format("dictzip chunk {} has a compressed size of 0", i)};
        chunks.compressed_sizes.push_back(size);
    }
    return chunks;
}

// Skips a zero-terminated field (FNAME, FCOMMENT) starting at `pos`; npos if unterminated.
std::size_t skip_zero_terminated(std::string_view bytes, std::size_t pos) {
    auto end = bytes.find('\0', pos);
    return end == std::string_view::npos ? end : end + 1;
}

}  // namespace

bool looks_like_gzip(std::string_view bytes) {
    return bytes.size() >= 2 && byte_at(bytes, 0) == 0x1f && byte_at(bytes, 1) == 0x8b;
}

parsed_gzip_header parse_gzip_header(std::string_view bytes) {
    if (!looks_like_gzip(bytes)) return gzip_header_error{"not a gzip file (no 1f 8b magic number)"};
    if (bytes.size() < fixed_header_size) return gzip_header_error{"gzip header is truncated"};
    if (auto method = byte_at(bytes, 2); method != deflate_method)
        return gzip_header_error{fmt::format("gzip compression method {} is not deflate (8)", method)};
    unsigned flags = byte_at(bytes, 3);
    if (flags & reserved) return gzip_header_error{fmt::format("gzip header has reserved flag bits set (0x{:02x})", flags)};

    gzip_header header;
    std::size_t pos = fixed_header_size;
    if (flags & fextra) {
        if (bytes.size() < pos + 2) return gzip_header_error{"gzip extra field is truncated"};
        std::size_t extra_length = le16_at(bytes, pos);
        pos += 2;
        if (bytes.size() - pos < extra_length) return gzip_header_error{"gzip extra field is truncated"};
        auto extra = bytes.substr(pos, extra_length);
        pos += extra_length;
        // Subfields: SI1 SI2 LEN(2) then LEN bytes.
        for (std::size_t at = 0; at < extra.size();) {
            if (extra.size() - at < 4) return gzip_header_error{"gzip extra subfield header is truncated"};
            std::size_t length = le16_at(extra, at + 2);
            if (extra.size() - at - 4 < length) return gzip_header_error{"gzip extra subfield is truncated"};
            if (extra[at] == 'R' && extra[at + 1] == 'A' && !header.random_access) {
                auto parsed = parse_random_access(extra.substr(at + 4, length));
                if (auto* error = std::get_if<gzip_header_error>(&parsed)) return std::move(*error);
                header.random_access = std::get<dictzip_chunks>(std::move(parsed));
            }
            at += 4 + length;
        }
    }
    if (flags & fname) {
        pos = skip_zero_terminated(bytes, pos);
        if (pos == std::string_view::npos) return gzip_header_error{"gzip file name field is not terminated"};
    }
    if (flags & fcomment) {
        pos = skip_zero_terminated(bytes, pos);
        if (pos == std::string_view::npos) return gzip_header_error{"gzip comment field is not terminated"};
    }
    if (flags & fhcrc) {
        if (bytes.size() - pos < 2) return gzip_header_error{"gzip header CRC is truncated"};
        pos += 2;
    }
    header.size = pos;
    return header;
}

}  // namespace coronet::handlers::dictd_import_detail
