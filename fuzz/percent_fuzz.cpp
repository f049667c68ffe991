// Percent-encoding (coronet/http/percent.hpp): decoding accepts exactly the well-formed escapes,
// encoding emits only unreserved characters and %XX, and decode(encode(x)) == x.
#include <string>

#include <coronet/http/percent.hpp>

#include "fuzz_check.hpp"

using coronet::fuzz::require;
namespace http = coronet::http;

namespace {

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_unreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

// Every '%' is followed by two hex digits.
bool well_formed(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '%' && (text.size() - i < 3 || !is_hex(text[i + 1]) || !is_hex(text[i + 2]))) return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    auto text = coronet::fuzz::as_text(data, size);

    auto encoded = http::percent_encode(text);
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        if (encoded[i] == '%') {
            require(encoded.size() - i >= 3 && is_hex(encoded[i + 1]) && is_hex(encoded[i + 2]), "encode emits %XX");
            i += 2;
        } else {
            require(is_unreserved(encoded[i]), "encode leaves only unreserved characters bare");
        }
    }
    require(http::percent_decode(encoded) == std::string(text), "decode(encode(x)) == x");
    require(http::percent_decode(encoded, true) == std::string(text), "encode never emits '+'");

    auto decoded = http::percent_decode(text);
    require(decoded.has_value() == well_formed(text), "decode refuses exactly a '%' without two hex digits");
    if (decoded) {
        require(decoded->size() <= text.size(), "decoding never lengthens");
        if (text.find('%') == std::string_view::npos) require(*decoded == text, "text without escapes decodes to itself");
        // In form encoding '+' is a space, and nothing else changes.
        std::string escaped_plus;
        for (char c : text) escaped_plus += c == '+' ? std::string_view("%20") : std::string_view(&c, 1);
        require(http::percent_decode(text, true) == http::percent_decode(escaped_plus), "'+' decodes as %20 in forms");
    }
    return 0;
}
