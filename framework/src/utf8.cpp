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

namespace {

// The length of the control character at text[pos] (1 for C0 and DEL, 2 for C1), or 0.
std::size_t control_length(std::string_view text, std::size_t pos, std::string_view allowed) {
    auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x20 || byte == 0x7f) return allowed.find(text[pos]) == std::string_view::npos ? 1 : 0;
    // C1: U+0080-U+009F, encoded 0xC2 0x80-0x9F.
    if (byte == 0xc2 && pos + 1 < text.size() && static_cast<unsigned char>(text[pos + 1]) <= 0x9f) return 2;
    return 0;
}

}  // namespace

bool has_control_characters(std::string_view text, std::string_view allowed) {
    for (std::size_t pos = 0; pos < text.size(); ++pos)
        if (control_length(text, pos, allowed) > 0) return true;
    return false;
}

std::string to_printable(std::string_view text, std::string_view allowed) {
    auto valid = to_valid_utf8(text);
    std::string out;
    out.reserve(valid.size());
    for (std::size_t pos = 0; pos < valid.size();) {
        if (auto n = control_length(valid, pos, allowed)) {
            out.push_back('?');
            pos += n;
        } else {
            out.push_back(valid[pos++]);
        }
    }
    return out;
}

}  // namespace coronet
