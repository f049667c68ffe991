// zlib's inflate, the two ways dictd data is compressed: a dictzip chunk (raw deflate that
// stands alone) and a whole gzip file without dictzip's table. Corrupt input throws
// std::runtime_error with a message that does not name the file (the caller adds it).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <zlib.h>

namespace coronet::handlers::dictd_import_detail {

// One z_stream reused for every chunk (inflateReset is much cheaper than inflateInit).
class chunk_inflater {
public:
    chunk_inflater();
    ~chunk_inflater();
    chunk_inflater(const chunk_inflater&) = delete;
    chunk_inflater& operator=(const chunk_inflater&) = delete;

    // Replaces `out` with the inflated `chunk`, which must be exactly `expected_size` bytes.
    void inflate(std::string_view chunk, std::string& out, std::size_t expected_size);

private:
    z_stream stream_{};
};

// The uncompressed content of a gzip file (every member, if several are concatenated);
// zlib checks each member's CRC-32 and size.
std::string inflate_gzip(std::string_view file);

}  // namespace coronet::handlers::dictd_import_detail
