#include "replay_stream.hpp"

#include <algorithm>
#include <cstring>

namespace coronet::handlers::dict_detail {

namespace {

// The bytes are taken when awaited, like any read.
task<std::size_t> take(std::string& pending, boost::asio::mutable_buffer buffer) {
    std::size_t n = std::min(buffer.size(), pending.size());
    std::memcpy(buffer.data(), pending.data(), n);
    pending.erase(0, n);
    co_return n;
}

}  // namespace

// Not a coroutine: with nothing to replay (nearly always) the read is the stream's own, without
// a coroutine frame around it.
task<std::size_t> replay_stream::read_some(boost::asio::mutable_buffer buffer, bool idle) {
    if (pending_.empty()) return inner_.read_some(buffer, idle);
    return take(pending_, buffer);
}

task<void> replay_stream::write(boost::asio::const_buffer data) { return inner_.write(data); }

}  // namespace coronet::handlers::dict_detail
