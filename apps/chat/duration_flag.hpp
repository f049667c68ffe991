#pragma once
// A duration on the command line: a whole number with a unit, "30s", "500ms", "2m" (a bare
// number is seconds). Parsed strictly: no sign, no fraction, nothing after the unit.
#include <charconv>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/any.hpp>
#include <boost/program_options/errors.hpp>
#include <boost/program_options/value_semantic.hpp>

namespace coronet_chat_app {

struct duration_flag {
    std::chrono::milliseconds value{0};
};

// Found by Boost.Program_options through argument-dependent lookup.
inline void validate(boost::any& out, const std::vector<std::string>& values, duration_flag*, int) {
    namespace po = boost::program_options;
    po::validators::check_first_occurrence(out);
    const std::string& text = po::validators::get_single_string(values);
    std::uint32_t count = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
    std::string_view unit(end, text.data() + text.size() - end);
    if (ec != std::errc{} || end == text.data()) throw po::invalid_option_value(text);
    std::chrono::milliseconds value;
    if (unit == "ms") value = std::chrono::milliseconds(count);
    else if (unit == "s" || unit.empty()) value = std::chrono::seconds(count);
    else if (unit == "m") value = std::chrono::minutes(count);
    else throw po::invalid_option_value(text);
    if (value.count() == 0) throw po::invalid_option_value(text);
    out = duration_flag{value};
}

}  // namespace coronet_chat_app
