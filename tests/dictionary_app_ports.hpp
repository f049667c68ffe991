#pragma once
// The ports coronet-dictionary prints at start, one line per listener, in this order:
// "http listening on ADDR:PORT", then udp, tcp and dict.
#include <cstdint>
#include <optional>

#include "support/test_support.hpp"

namespace coronet::testing {

struct dictionary_ports {
    std::uint16_t http = 0, udp = 0, tcp = 0, dict = 0;
};

// From the started program's output; std::nullopt when a line did not come in time.
inline std::optional<dictionary_ports> read_dictionary_ports(child_process& app) {
    auto http = app.wait_for_line("http listening on 127.0.0.1:");
    auto udp = app.wait_for_line("udp listening on 127.0.0.1:");
    auto tcp = app.wait_for_line("tcp listening on 127.0.0.1:");
    auto dict = app.wait_for_line("dict listening on 127.0.0.1:");
    if (!http || !udp || !tcp || !dict) return std::nullopt;
    return dictionary_ports{port_of(*http), port_of(*udp), port_of(*tcp), port_of(*dict)};
}

}  // namespace coronet::testing
