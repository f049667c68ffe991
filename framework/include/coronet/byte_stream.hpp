#pragma once
// A reliable byte stream, the seam between framing and where the bytes come from
// (a server's connection, a client socket, an in-memory pipe in tests).
#include <cstddef>

#include <boost/asio/buffer.hpp>

#include <coronet/task.hpp>

namespace coronet {

class byte_stream {
public:
    // Reads at least one byte; 0 means the peer ended the stream. `idle` says the caller is
    // between messages, so a draining server may end the stream here instead of waiting.
    virtual task<std::size_t> read_some(boost::asio::mutable_buffer buffer, bool idle = true) = 0;
    // Writes every byte.
    virtual task<void> write(boost::asio::const_buffer data) = 0;

protected:
    ~byte_stream() = default;
};

}  // namespace coronet
