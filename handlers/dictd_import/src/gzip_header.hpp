// The header of a gzip member (RFC 1952) and dictzip's random-access table in it: dictzip
// stores, in the FEXTRA subfield "RA", the uncompressed chunk length and the compressed size of
// every chunk; each chunk ends with a full flush, so it inflates on its own (raw deflate).
// A pure function of its input, so it can be fuzzed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace coronet::handlers::dictd_import_detail {

struct dictzip_chunks {
    std::uint32_t chunk_length = 0;                  // uncompressed bytes per chunk (the last may be shorter)
    std::vector<std::uint32_t> compressed_sizes;     // one per chunk, in file order
};

struct gzip_header {
    std::size_t size = 0;                        // where the deflate data starts
    std::optional<dictzip_chunks> random_access; // absent for a plain gzip file
};

struct gzip_header_error {
    std::string message;   // what is wrong, without the file name
};

using parsed_gzip_header = std::variant<gzip_header, gzip_header_error>;

// True if `bytes` starts with the gzip magic number (1f 8b).
bool looks_like_gzip(std::string_view bytes);

// Parses the header at the start of `bytes` (the whole file, or at least its header).
parsed_gzip_header parse_gzip_header(std::string_view bytes);

}  // namespace coronet::handlers::dictd_import_detail
