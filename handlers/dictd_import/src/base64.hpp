// dictd's numbers: offsets and lengths in the .index file are written in base 64, most
// significant digit first, with the alphabet A-Z a-z 0-9 + / and no padding ("BS" is 82).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace coronet::handlers::dictd_import_detail {

// The number `digits` spells; std::nullopt if it is empty, has a character outside the
// alphabet, or does not fit in 64 bits.
std::optional<std::uint64_t> decode_dictd_number(std::string_view digits);

// The shortest spelling of `value` ("A" for 0); the inverse of decode_dictd_number.
std::string encode_dictd_number(std::uint64_t value);

}  // namespace coronet::handlers::dictd_import_detail
