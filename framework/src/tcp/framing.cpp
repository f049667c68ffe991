#include <coronet/tcp/framing.hpp>

#include <array>
#include <cstring>

namespace coronet {

namespace {

class framing_category_impl final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "coronet.framing"; }
    std::string message(int ev) const override {
        switch (static_cast<framing_error>(ev)) {
        case framing_error::message_too_long: return "message longer than the limit";
        case framing_error::truncated_message: return "stream ended inside a message";
        }
        return "unknown framing error";
    }
};

[[noreturn]] void fail(framing_error e) { throw boost::system::system_error(make_error_code(e)); }

constexpr std::size_t read_chunk = 16 * 1024;

// Appends what one read gives to `buffer`; false at end of stream.
task<bool> read_more(byte_stream& stream, std::string& buffer, bool idle) {
    std::size_t old = buffer.size();
    buffer.resize(old + read_chunk);
    std::size_t n = 0;
    try {
        n = co_await stream.read_some(boost::asio::buffer(buffer.data() + old, read_chunk), idle);
    } catch (...) {
        // A failed read (a cancelled one above all) must not leave the unread chunk behind as
        // data: the caller may catch and read on.
        buffer.resize(old);
        throw;
    }
    buffer.resize(old + n);
    co_return n != 0;
}

// Owns the bytes it writes: see write_line.
task<void> write_owned(byte_stream& stream, std::string out) { co_await stream.write(boost::asio::buffer(out)); }

}  // namespace

const boost::system::error_category& framing_category() {
    static const framing_category_impl instance;
    return instance;
}

boost::system::error_code make_error_code(framing_error e) {
    return {static_cast<int>(e), framing_category()};
}

line_reader::line_reader(byte_stream& stream, std::size_t max_line) : stream_(stream), max_line_(max_line) {}

task<std::optional<std::string>> line_reader::next() {
    for (;;) {
        auto newline = buffer_.find('\n', scanned_);
        if (newline != std::string::npos) {
            std::size_t length = newline;
            if (length > 0 && buffer_[length - 1] == '\r') --length;
            if (length > max_line_) fail(framing_error::message_too_long);
            std::string line = buffer_.substr(0, length);
            buffer_.erase(0, newline + 1);
            scanned_ = 0;
            co_return line;
        }
        scanned_ = buffer_.size();
        // max_line_ + 1 leaves room for a '\r' that the limit does not count.
        if (buffer_.size() > max_line_ + 1) fail(framing_error::message_too_long);
        if (!co_await read_more(stream_, buffer_, buffer_.empty())) {
            if (buffer_.empty()) co_return std::nullopt;
            fail(framing_error::truncated_message);
        }
    }
}

// Not a coroutine: a task runs when awaited, after a temporary `line` may be gone, so the
// bytes are copied now.
task<void> write_line(byte_stream& stream, std::string_view line) {
    std::string out;
    out.reserve(line.size() + 1);
    out.append(line).push_back('\n');
    return write_owned(stream, std::move(out));
}

frame_reader::frame_reader(byte_stream& stream, std::size_t max_frame) : stream_(stream), max_frame_(max_frame) {}

task<bool> frame_reader::fill(std::size_t wanted, bool idle) {
    while (buffer_.size() < wanted) {
        // Kept apart on purpose: g++ 12 miscompiles `if (!co_await f(a && b))` (the coroutine
        // is resumed in a bad state and crashes on the first read).
        bool idle_now = idle && buffer_.empty();
        bool more = co_await read_more(stream_, buffer_, idle_now);
        if (!more) co_return false;
    }
    co_return true;
}

task<std::optional<std::string>> frame_reader::next() {
    if (!co_await fill(frame_header_size, true)) {
        if (buffer_.empty()) co_return std::nullopt;
        fail(framing_error::truncated_message);
    }
    std::size_t length = 0;
    for (std::size_t i = 0; i < frame_header_size; ++i)
        length = (length << 8) | static_cast<unsigned char>(buffer_[i]);
    // Refused before reading the payload: a hostile length cannot make us allocate.
    if (length > max_frame_) fail(framing_error::message_too_long);
    if (!co_await fill(frame_header_size + length, false)) fail(framing_error::truncated_message);
    std::string payload = buffer_.substr(frame_header_size, length);
    buffer_.erase(0, frame_header_size + length);
    co_return payload;
}

// Not a coroutine, as write_line.
task<void> write_frame(byte_stream& stream, std::string_view payload) {
    if (payload.size() > 0xffffffffu) throw boost::system::system_error(make_error_code(framing_error::message_too_long));
    std::string out(frame_header_size, '\0');
    auto length = static_cast<std::uint32_t>(payload.size());
    for (std::size_t i = 0; i < frame_header_size; ++i)
        out[i] = static_cast<char>((length >> (8 * (frame_header_size - 1 - i))) & 0xff);
    out.append(payload);
    return write_owned(stream, std::move(out));
}

}  // namespace coronet
