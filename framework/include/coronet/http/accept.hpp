#pragma once
// Content negotiation on the Accept header (RFC 9110 §12.5.1).
#include <string_view>

namespace coronet::http {

// The q of the most specific Accept range matching `type` ("text/html"): an exact match
// beats "text/*", which beats "*/*"; 0 when nothing matches or Accept is empty.
double accept_quality(std::string_view accept, std::string_view type);

// True when Accept ranks text/html above application/json: a browser, not an API client
// (ties, and no Accept at all, go to JSON).
bool prefers_html(std::string_view accept);

}  // namespace coronet::http
