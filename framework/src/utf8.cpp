#include <coronet/utf8.hpp>

namespace coronet {
namespace {

// The length of the valid UTF-8 sequence starting at text[pos], or 0 if there is none
// (overlong forms, surrogates and code points above U+10FFFF are invalid, per RFC 3629).
std::size_t sequence_length(std::string_view text, std::size_t pos) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    unsigned char lead = byte(pos);
    if (lead < 0x80) return 1;
    std::size_t length;
    unsigned char low = 0x80, high = 0xbf;     // the allowed range of the second byte
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        if (lead == 0xe0) low = 0xa0;          // overlong
        if (lead == 0xed) high = 0x9f;         // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        if (lead == 0xf0) low = 0x90;          // overlong
        if (lead == 0xf4) high = 0x8f;         // above U+10FFFF
    } else {
        return 0;
    }
    if (pos + length > text.size()) return 0;
    if (byte(pos + 1) < low || byte(pos + 1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i)
        if ((byte(pos + i) & 0xc0) != 0x80) return 0;
    return length;
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t n = sequence_length(text, pos);
        if (n == 0) return false;
        pos += n;
    }
    return true;
}

std::string to_valid_utf8(std::string_view text) {
    if (is_valid_utf8(text)) return std::string(text);
    std::string out;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t n = sequence_length(text, pos);
        if (n == 0) {
            out += "\xef\xbf\xbd";
            ++pos;
        } else {
            out.append(text.substr(pos, n));
            pos += n;
        }
    }
    return out;
}

}  // namespace coronet
