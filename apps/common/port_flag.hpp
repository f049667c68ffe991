#pragma once
// A port on the command line: a number from 0 to 65535 (0: a free one), or "off" to turn a
// listener off. Parsed strictly (Boost's default would take "-1" as 65535).
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/any.hpp>
#include <boost/program_options/errors.hpp>
#include <boost/program_options/value_semantic.hpp>

namespace coronet_apps {

struct port_flag {
    std::optional<std::uint16_t> port;      // std::nullopt: off
};

// Found by Boost.Program_options through argument-dependent lookup.
inline void validate(boost::any& out, const std::vector<std::string>& values, port_flag*, int) {
    namespace po = boost::program_options;
    po::validators::check_first_occurrence(out);
    const std::string& text = po::validators::get_single_string(values);
    if (text == "off") {
        out = port_flag{};
        return;
    }
    std::uint16_t port = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (ec != std::errc{} || end != text.data() + text.size()) throw po::invalid_option_value(text);
    out = port_flag{port};
}

}  // namespace coronet_apps
