#pragma once
// coronet-dict's side of the three protocols: one lookup at a time, each with a deadline, over
// a socket kept open between lookups (a TCP connection, an HTTP keep-alive connection, a UDP
// socket connected to the server).
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace coronet_dictionary_app {

enum class via { udp, tcp, http };

struct lookup_answer {
    enum class kind { found, not_found, error };
    kind status = kind::error;
    // As a person reads it, the same for every protocol (the UDP reply's wording):
    // "word: explanation", "not found: word; did you mean: a, b", "error: ...".
    std::string text;
};

class lookup_client {
public:
    virtual ~lookup_client() = default;
    // Throws std::runtime_error when the server cannot be reached or does not answer in time.
    virtual lookup_answer lookup(std::string_view word) = 0;
};

std::unique_ptr<lookup_client> make_lookup_client(via protocol, std::string host, std::uint16_t port,
                                                  std::chrono::milliseconds timeout);

}  // namespace coronet_dictionary_app
