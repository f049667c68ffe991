#pragma once
// Reads a stream that mixes lines (requests, reply heads) and raw bytes (file contents):
// bytes read past a line are kept and handed out first by the next call.
#include <cstddef>
#include <optional>
#include <span>
#include <string>

#include <coronet/byte_stream.hpp>
#include <coronet/task.hpp>

namespace coronet::handlers::file_transfer_detail {

class message_reader {
public:
    explicit message_reader(byte_stream& stream) : stream_(stream) {}

    // The next line without its "\n" (or "\r\n"); std::nullopt at an end of stream before its
    // first byte. Throws boost::system::system_error with framing_error::message_too_long past
    // `max_bytes`, ::truncated_message when the stream ends inside the line. `idle`: waiting
    // between requests (see byte_stream::read_some).
    task<std::optional<std::string>> line(std::size_t max_bytes, bool idle);
    // Up to buffer.size() bytes of what follows (buffered first); 0 at end of stream.
    task<std::size_t> some(std::span<char> buffer);

private:
    byte_stream& stream_;
    std::string buffer_;
    std::size_t start_ = 0;   // buffer_[start_..] is not handed out yet
};

}  // namespace coronet::handlers::file_transfer_detail
