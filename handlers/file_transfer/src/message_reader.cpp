#include "message_reader.hpp"

#include <algorithm>
#include <cstring>

#include <boost/system/system_error.hpp>

#include <coronet/tcp/framing.hpp>

namespace coronet::handlers::file_transfer_detail {
namespace {
constexpr std::size_t read_chunk = 16 * 1024;
}

task<std::optional<std::string>> message_reader::line(std::size_t max_bytes, bool idle) {
    std::size_t scanned = start_;
    for (;;) {
        auto newline = buffer_.find('\n', scanned);
        if (newline != std::string::npos) {
            if (newline - start_ > max_bytes) break;
            auto end = newline > start_ && buffer_[newline - 1] == '\r' ? newline - 1 : newline;
            std::string line = buffer_.substr(start_, end - start_);
            start_ = newline + 1;
            co_return line;
        }
        if (buffer_.size() - start_ > max_bytes) break;
        scanned = buffer_.size();
        buffer_.erase(0, start_);   // keep only what is not handed out
        scanned -= start_;
        start_ = 0;
        auto old = buffer_.size();
        buffer_.resize(old + read_chunk);
        std::size_t n = 0;
        try {
            n = co_await stream_.read_some(boost::asio::buffer(buffer_.data() + old, read_chunk), idle && old == 0);
        } catch (...) {
            buffer_.resize(old);
            throw;
        }
        buffer_.resize(old + n);
        if (n == 0) {
            if (old == 0) co_return std::nullopt;
            throw boost::system::system_error(make_error_code(framing_error::truncated_message));
        }
    }
    throw boost::system::system_error(make_error_code(framing_error::message_too_long));
}

task<std::size_t> message_reader::some(std::span<char> buffer) {
    if (start_ < buffer_.size()) {
        auto n = std::min(buffer.size(), buffer_.size() - start_);
        std::memcpy(buffer.data(), buffer_.data() + start_, n);
        start_ += n;
        co_return n;
    }
    buffer_.clear();
    start_ = 0;
    co_return co_await stream_.read_some(boost::asio::buffer(buffer.data(), buffer.size()), false);
}

}  // namespace coronet::handlers::file_transfer_detail
