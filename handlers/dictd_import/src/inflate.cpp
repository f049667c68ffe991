#include "inflate.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace coronet::handlers::dictd_import_detail {

namespace {

constexpr int raw_deflate_window = -15;       // negative: no zlib/gzip wrapper
constexpr int gzip_window = 15 + 16;          // +16: expect a gzip wrapper

std::string zlib_message(const z_stream& stream, int code) {
    return stream.msg ? std::string(stream.msg) : fmt::format("zlib error {}", code);
}

void set_input(z_stream& stream, std::string_view in) {
    // zlib's API is not const-correct; it never writes through next_in.
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    stream.avail_in = static_cast<uInt>(in.size());
}

}  // namespace

chunk_inflater::chunk_inflater() {
    if (inflateInit2(&stream_, raw_deflate_window) != Z_OK) throw std::runtime_error("zlib: inflateInit2 failed");
}

chunk_inflater::~chunk_inflater() { inflateEnd(&stream_); }

void chunk_inflater::inflate(std::string_view chunk, std::string& out, std::size_t expected_size) {
    inflateReset(&stream_);
    // One spare byte, so a chunk that inflates to more than announced is noticed.
    out.resize(expected_size + 1);
    set_input(stream_, chunk);
    stream_.next_out = reinterpret_cast<Bytef*>(out.data());
    stream_.avail_out = static_cast<uInt>(out.size());
    int code = ::inflate(&stream_, Z_SYNC_FLUSH);
    if (code != Z_OK && code != Z_STREAM_END && code != Z_BUF_ERROR) {
        throw std::runtime_error(fmt::format("corrupt deflate data ({})", zlib_message(stream_, code)));
    }
    std::size_t produced = out.size() - stream_.avail_out;
    if (produced != expected_size || stream_.avail_in != 0) {
        throw std::runtime_error(fmt::format("chunk inflates to {}{} bytes instead of {}",
                                             produced > expected_size ? "more than " : "",
                                             produced > expected_size ? expected_size : produced, expected_size));
    }
    out.resize(produced);
}

std::string inflate_gzip(std::string_view file) {
    z_stream stream{};
    if (inflateInit2(&stream, gzip_window) != Z_OK) throw std::runtime_error("zlib: inflateInit2 failed");
    struct ender {
        z_stream& s;
        ~ender() { inflateEnd(&s); }
    } end_stream{stream};

    std::string out;
    out.resize(std::max<std::size_t>(file.size() * 4, 4096));
    std::size_t produced = 0;
    // avail_in is 32 bits: feed files larger than 4 GiB in pieces.
    constexpr std::size_t max_piece = 1u << 30;
    std::size_t consumed = 0;
    for (;;) {
        if (stream.avail_in == 0) {
            auto piece = file.substr(consumed, max_piece);
            set_input(stream, piece);
            consumed += piece.size();
        }
        if (produced == out.size()) out.resize(out.size() * 2);
        std::size_t room = std::min(out.size() - produced, max_piece);
        stream.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
        stream.avail_out = static_cast<uInt>(room);
        int code = ::inflate(&stream, Z_NO_FLUSH);
        produced += room - stream.avail_out;
        if (code == Z_STREAM_END) {
            if (stream.avail_in == 0 && consumed == file.size()) break;
            inflateReset(&stream);   // another gzip member follows
            continue;
        }
        if (code == Z_BUF_ERROR && stream.avail_in == 0 && consumed == file.size()) {
            throw std::runtime_error("gzip data is truncated");
        }
        if (code != Z_OK && code != Z_BUF_ERROR) {
            throw std::runtime_error(fmt::format("corrupt gzip data ({})", zlib_message(stream, code)));
        }
    }
    out.resize(produced);
    return out;
}

}  // namespace coronet::handlers::dictd_import_detail
