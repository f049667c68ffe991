#include "index_line.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "base64.hpp"

namespace coronet::handlers::dictd_import_detail {

namespace {

// A field quoted for an error message when it is short printable ASCII (it may be any bytes).
std::string describe(std::string_view field) {
    bool printable = std::all_of(field.begin(), field.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
    if (printable && field.size() <= 24) return fmt::format("'{}'", field);
    return fmt::format("of {} bytes", field.size());
}

}  // namespace

parsed_index_line parse_index_line(std::string_view line) {
    if (line.ends_with('\r')) line.remove_suffix(1);
    std::array<std::string_view, 4> fields;
    std::size_t count = 0;
    for (std::size_t start = 0;;) {
        auto tab = line.find('\t', start);
        if (count == fields.size()) return index_line_error{"more than 4 tab-separated fields"};
        fields[count++] = line.substr(start, tab == std::string_view::npos ? tab : tab - start);
        if (tab == std::string_view::npos) break;
        start = tab + 1;
    }
    if (count < 3) {
        return index_line_error{fmt::format("expected headword, offset and length separated by tabs, found {} field{}",
                                            count, count == 1 ? "" : "s")};
    }
    auto offset = decode_dictd_number(fields[1]);
    if (!offset) return index_line_error{fmt::format("offset {} is not a dictd base64 number", describe(fields[1]))};
    auto length = decode_dictd_number(fields[2]);
    if (!length) return index_line_error{fmt::format("length {} is not a dictd base64 number", describe(fields[2]))};
    auto headword = count == 4 && !fields[3].empty() ? fields[3] : fields[0];
    return index_entry{headword, *offset, *length};
}

}  // namespace coronet::handlers::dictd_import_detail
