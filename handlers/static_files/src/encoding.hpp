#pragma once
// Content negotiation for precompressed files.
#include <string_view>

namespace coronet::handlers::detail {

// True when Accept-Encoding lists gzip (or "*") with a weight above zero.
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace coronet::handlers::detail
