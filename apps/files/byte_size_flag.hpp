#pragma once
// A command-line size in bytes: "1048576", "512K", "20M", "4G", "1T" (powers of 1024).
#include <charconv>
#include <cstdint>
#include <istream>
#include <limits>
#include <string>

namespace coronet_files_app {

struct byte_size_flag {
    std::uint64_t bytes = 0;
};

inline std::istream& operator>>(std::istream& in, byte_size_flag& flag) {
    std::string text;
    in >> text;
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    std::string_view suffix(end, text.data() + text.size() - end);
    int shift = suffix.empty() ? 0 : suffix == "K" ? 10 : suffix == "M" ? 20 : suffix == "G" ? 30 : suffix == "T" ? 40 : -1;
    if (ec != std::errc{} || end == text.data() || shift < 0 || value > (std::numeric_limits<std::uint64_t>::max() >> shift))
        in.setstate(std::ios::failbit);
    else
        flag.bytes = value << shift;
    return in;
}

inline std::ostream& operator<<(std::ostream& out, const byte_size_flag& flag) { return out << flag.bytes; }

}  // namespace coronet_files_app
