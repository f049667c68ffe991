#pragma once
// Message boundaries on a TCP byte stream (the "sticky packet" problem): TCP delivers bytes,
// not messages, so a reader must know where one message ends. Two framings:
//   lines:           payload '\n' (a '\r' before the '\n' is dropped)
//   length-prefixed: 4-byte big-endian length, then that many payload bytes
// Both readers return std::nullopt at a clean end of stream (between messages) and throw
// boost::system::system_error with framing_error::message_too_long or ::truncated_message.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include <boost/system/error_code.hpp>

#include <coronet/byte_stream.hpp>
#include <coronet/task.hpp>

namespace coronet {

enum class framing_error {
    message_too_long = 1,   // a message longer than the reader's maximum
    truncated_message,      // the stream ended inside a message
};

const boost::system::error_category& framing_category();
boost::system::error_code make_error_code(framing_error e);

// Reads '\n'-terminated lines. Bytes read past a line are kept for the next call.
class line_reader {
public:
    explicit line_reader(byte_stream& stream, std::size_t max_line = 64 * 1024);
    task<std::optional<std::string>> next();
    std::string_view buffered() const { return buffer_; }

private:
    byte_stream& stream_;
    std::size_t max_line_;
    std::string buffer_;
    std::size_t scanned_ = 0;   // bytes of buffer_ already known to hold no '\n'
};

task<void> write_line(byte_stream& stream, std::string_view line);

// Reads length-prefixed frames.
class frame_reader {
public:
    explicit frame_reader(byte_stream& stream, std::size_t max_frame = 1024 * 1024);
    task<std::optional<std::string>> next();

private:
    task<bool> fill(std::size_t wanted, bool idle);
    byte_stream& stream_;
    std::size_t max_frame_;
    std::string buffer_;
};

inline constexpr std::size_t frame_header_size = 4;
task<void> write_frame(byte_stream& stream, std::string_view payload);

}  // namespace coronet

template <>
struct boost::system::is_error_code_enum<coronet::framing_error> : std::true_type {};
