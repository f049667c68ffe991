// Service discovery announcements (handlers/discovery/src/announcement.cpp): whatever
// datagram is read as an announcement holds only valid records (so it can be announced again),
// formats without throwing, and parse(format(a)) == a.
#include <stdexcept>
#include <string>

#include <coronet/handlers/announcement.hpp>

#include "fuzz_check.hpp"

using coronet::fuzz::require;
namespace h = coronet::handlers;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    auto datagram = coronet::fuzz::as_text(data, size);
    auto a = h::parse_announcement(datagram);
    if (!a) return 0;
    require(datagram.size() <= h::max_announcement_bytes, "an announcement fits a datagram");
    require(!h::check_host_name(a->host), "an announced host name is valid");
    require(!a->services.empty(), "an announcement names a service");
    for (const auto& s : a->services) require(!h::check_record(s), "an announced record is valid");
    std::string text;
    try {
        text = h::format_announcement(*a);
    } catch (const std::invalid_argument&) {
        require(false, "what was read formats again");
    }
    require(h::parse_announcement(text) == a, "parse(format(a)) == a");
    return 0;
}
