// UTF-8 validation and repair (coronet/utf8.hpp) against a second, independent reading of
// RFC 3629: this one decodes each sequence to its code point and judges the code point, where
// the library judges the bytes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <coronet/utf8.hpp>

#include "fuzz_check.hpp"

using coronet::fuzz::require;

namespace {

// The code points of `text`, or std::nullopt when it is not valid UTF-8.
std::optional<std::vector<std::uint32_t>> decode(std::string_view text) {
    static constexpr std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};   // by length: shorter is overlong
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < text.size();) {
        auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length;
        std::uint32_t cp;
        if (lead < 0x80) length = 1, cp = lead;
        else if ((lead & 0xe0) == 0xc0) length = 2, cp = lead & 0x1f;
        else if ((lead & 0xf0) == 0xe0) length = 3, cp = lead & 0x0f;
        else if ((lead & 0xf8) == 0xf0) length = 4, cp = lead & 0x07;
        else return std::nullopt;
        if (text.size() - i < length) return std::nullopt;
        for (std::size_t k = 1; k < length; ++k) {
            auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xc0) != 0x80) return std::nullopt;
            cp = (cp << 6) | (next & 0x3f);
        }
        if (length > 1 && cp < smallest[length]) return std::nullopt;
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return std::nullopt;
        out.push_back(cp);
        i += length;
    }
    return out;
}

bool is_control(std::uint32_t cp, std::string_view allowed) {
    if (cp < 0x20) return allowed.find(static_cast<char>(cp)) == std::string_view::npos;
    return cp == 0x7f || (cp >= 0x80 && cp <= 0x9f);
}

bool reference_has_control(const std::vector<std::uint32_t>& cps, std::string_view allowed) {
    for (auto cp : cps)
        if (is_control(cp, allowed)) return true;
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    auto text = coronet::fuzz::as_text(data, size);
    // The first byte picks which control characters are allowed; all of the input is the text.
    static constexpr std::string_view allowances[] = {"", "\t", "\t\n", "\r\n\t"};
    std::string_view allowed = size == 0 ? "" : allowances[data[0] % 4];

    auto reference = decode(text);
    require(coronet::is_valid_utf8(text) == reference.has_value(), "is_valid_utf8 agrees with a code point decoder");

    auto repaired = coronet::to_valid_utf8(text);
    require(coronet::is_valid_utf8(repaired), "to_valid_utf8 gives valid UTF-8");
    if (reference) {
        require(repaired == text, "to_valid_utf8 keeps valid text as it is");
        require(coronet::has_control_characters(text, allowed) == reference_has_control(*reference, allowed),
                "has_control_characters finds C0 (but the allowed), DEL and C1");
    } else {
        require(repaired.find("\xef\xbf\xbd") != std::string::npos, "invalid text is repaired with U+FFFD");
    }

    auto printable = coronet::to_printable(text, allowed);
    require(coronet::is_valid_utf8(printable), "to_printable gives valid UTF-8");
    require(!coronet::has_control_characters(printable, allowed), "to_printable leaves no control character");
    return 0;
}
