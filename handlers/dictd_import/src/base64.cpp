#include "base64.hpp"

#include <algorithm>
#include <limits>

namespace coronet::handlers::dictd_import_detail {

namespace {

constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int digit_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

}  // namespace

std::optional<std::uint64_t> decode_dictd_number(std::string_view digits) {
    if (digits.empty()) return std::nullopt;
    std::uint64_t value = 0;
    for (char c : digits) {
        int d = digit_value(c);
        if (d < 0) return std::nullopt;
        if (value > (std::numeric_limits<std::uint64_t>::max() >> 6)) return std::nullopt;
        value = (value << 6) | static_cast<std::uint64_t>(d);
    }
    return value;
}

std::string encode_dictd_number(std::uint64_t value) {
    std::string digits;
    do {
        digits.push_back(alphabet[value & 63]);
        value >>= 6;
    } while (value != 0);
    std::reverse(digits.begin(), digits.end());
    return digits;
}

}  // namespace coronet::handlers::dictd_import_detail
