#pragma once
// A byte_stream over the fuzz input that hands it over in pieces of chosen sizes, as TCP may,
// and runs a coroutine to its end.
#include <algorithm>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <coronet/byte_stream.hpp>

namespace coronet::fuzz {

class pieces_stream final : public byte_stream {
public:
    // Reads give `pieces` bytes at most, in turn (cycling), then the end of the stream.
    pieces_stream(std::string_view input, std::vector<std::size_t> pieces) : input_(input), pieces_(std::move(pieces)) {}

    task<std::size_t> read_some(boost::asio::mutable_buffer buffer, bool) override {
        std::size_t n = std::min({buffer.size(), pieces_[next_++ % pieces_.size()], input_.size()});
        std::memcpy(buffer.data(), input_.data(), n);
        input_.remove_prefix(n);
        co_return n;
    }
    task<void> write(boost::asio::const_buffer data) override {
        written.append(static_cast<const char*>(data.data()), data.size());
        co_return;
    }

    std::string written;

private:
    std::string_view input_;
    std::vector<std::size_t> pieces_;
    std::size_t next_ = 0;
};

// Runs `work` on a private io_context until it ends; what it throws is thrown here.
inline void run(task<void> work) {
    boost::asio::io_context ctx;
    std::exception_ptr failure;
    boost::asio::co_spawn(ctx, std::move(work), [&](std::exception_ptr e) { failure = e; });
    ctx.run();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace coronet::fuzz
