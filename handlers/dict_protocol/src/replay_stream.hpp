#pragma once
// A byte stream that first gives back bytes put in front of it, then reads on from the stream
// beneath. A line_reader gives up on a line over its limit with the line's bytes (and perhaps
// the next commands') in its buffer; the session drops the long line, replays the rest here and
// starts a new line_reader over this stream, so one bad line does not end the connection.
#include <cstddef>
#include <string>
#include <string_view>

#include <coronet/byte_stream.hpp>

namespace coronet::handlers::dict_detail {

class replay_stream final : public byte_stream {
public:
    explicit replay_stream(byte_stream& inner) : inner_(inner) {}

    task<std::size_t> read_some(boost::asio::mutable_buffer buffer, bool idle = true) override;
    task<void> write(boost::asio::const_buffer data) override;

    // Bytes to give back before anything not yet read from the stream beneath.
    void put_back(std::string_view bytes) { pending_.insert(0, bytes); }

private:
    byte_stream& inner_;
    std::string pending_;
};

}  // namespace coronet::handlers::dict_detail
