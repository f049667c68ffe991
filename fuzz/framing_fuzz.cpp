// TCP framing (coronet/tcp/framing.hpp): line_reader and frame_reader over a stream that hands
// the input over in pieces of fuzzer-chosen sizes, against a plain reading of the same bytes
// here. Both must give the same messages and end the same way (clean end, message too long,
// truncated); no message passes its limit; writing the messages back gives the bytes read.
#include <string>
#include <vector>

#include <boost/system/system_error.hpp>

#include <coronet/tcp/framing.hpp>

#include "fuzz_check.hpp"
#include "pieces_stream.hpp"

using coronet::byte_stream;
using coronet::task;
using coronet::fuzz::pieces_stream;
using coronet::fuzz::require;
using coronet::fuzz::run;

namespace {

enum class ending { clean, too_long, truncated };

struct outcome {
    std::vector<std::string> messages;
    ending end = ending::clean;
    bool operator==(const outcome&) const = default;
};

// Reads messages until the reader ends, by std::nullopt or by throwing a framing error.
template <class Reader>
task<void> read_messages(Reader& reader, outcome& out) {
    try {
        while (auto message = co_await reader.next()) out.messages.push_back(std::move(*message));
    } catch (const boost::system::system_error& e) {
        require(e.code() == coronet::framing_error::message_too_long || e.code() == coronet::framing_error::truncated_message,
                "a reader fails only with a framing error");
        out.end = e.code() == coronet::framing_error::message_too_long ? ending::too_long : ending::truncated;
    }
}

task<void> write_messages(byte_stream& stream, const std::vector<std::string>& messages, bool lines) {
    for (const auto& m : messages) {
        if (lines) co_await coronet::write_line(stream, m);
        else co_await coronet::write_frame(stream, m);
    }
}

// Lines: each up to '\n', without a '\r' just before it.
outcome expected_lines(std::string_view in, std::size_t max_line) {
    outcome out;
    while (!in.empty()) {
        auto newline = in.find('\n');
        if (newline == std::string_view::npos) {
            // Without its '\n', a line is known to be too long once it passes max_line + 1 bytes
            // (room for a '\r'), else the stream ended inside it.
            out.end = in.size() > max_line + 1 ? ending::too_long : ending::truncated;
            return out;
        }
        auto line = in.substr(0, newline);
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (line.size() > max_line) {
            out.end = ending::too_long;
            return out;
        }
        out.messages.emplace_back(line);
        in.remove_prefix(newline + 1);
    }
    return out;
}

// Frames: a 4-byte big-endian length, then the payload.
outcome expected_frames(std::string_view in, std::size_t max_frame) {
    outcome out;
    while (!in.empty()) {
        if (in.size() < 4) {
            out.end = ending::truncated;
            return out;
        }
        std::size_t length = 0;
        for (int i = 0; i < 4; ++i) length = length << 8 | static_cast<unsigned char>(in[i]);
        if (length > max_frame) {
            out.end = ending::too_long;
            return out;
        }
        if (in.size() - 4 < length) {
            out.end = ending::truncated;
            return out;
        }
        out.messages.emplace_back(in.substr(4, length));
        in.remove_prefix(4 + length);
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    bool lines = in.ConsumeBool();
    auto limit = in.ConsumeIntegralInRange<std::size_t>(0, 300);
    std::vector<std::size_t> pieces(in.ConsumeIntegralInRange(1, 4));
    for (auto& p : pieces) p = in.ConsumeIntegralInRange<std::size_t>(1, 64);
    std::string bytes = in.ConsumeRemainingBytesAsString();

    pieces_stream stream(bytes, pieces);
    outcome got;
    if (lines) {
        coronet::line_reader reader(stream, limit);
        run(read_messages(reader, got));
    } else {
        coronet::frame_reader reader(stream, limit);
        run(read_messages(reader, got));
    }
    auto want = lines ? expected_lines(bytes, limit) : expected_frames(bytes, limit);
    require(got == want, "the reader gives the messages and the ending the bytes hold");
    for (const auto& m : got.messages) {
        require(m.size() <= limit, "no message passes the reader's limit");
        require(!lines || m.find('\n') == std::string::npos, "a line holds no '\\n'");
    }

    run(write_messages(stream, got.messages, lines));
    std::string sent;     // lines lose the '\r' before their '\n'; frames come back byte for byte
    std::size_t framed = 0;
    for (const auto& m : got.messages) {
        sent.append(m).append("\n");
        framed += coronet::frame_header_size + m.size();
    }
    if (!lines) sent = bytes.substr(0, framed);
    require(stream.written == sent, "writing the messages back gives the framed bytes");
    return 0;
}
