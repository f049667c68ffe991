#include "index_file.hpp"

#include <fmt/format.h>

#include <coronet/handlers/dictd_import.hpp>

#include "index_line.hpp"

namespace coronet::handlers::dictd_import_detail {

std::vector<index_record> parse_index_file(const std::filesystem::path& file, std::string_view text,
                                           const std::filesystem::path& data_file, std::uint64_t data_size) {
    std::vector<index_record> records;
    records.reserve(text.size() / 24);   // GCIDE's lines average about 19 bytes
    std::size_t line_number = 0;
    while (!text.empty()) {
        auto newline = text.find('\n');
        auto line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        ++line_number;
        auto parsed = parse_index_line(line);
        if (auto* error = std::get_if<index_line_error>(&parsed)) {
            throw dictd_error(fmt::format("{}:{}: {}", file.string(), line_number, error->message));
        }
        const auto& entry = std::get<index_entry>(parsed);
        if (entry.offset > data_size || entry.length > data_size - entry.offset) {
            throw dictd_error(fmt::format("{}:{}: definition at offset {}, length {} goes beyond the end of {} ({} bytes)",
                                          file.string(), line_number, entry.offset, entry.length,
                                          data_file.string(), data_size));
        }
        records.push_back({entry.headword, entry.offset, entry.length, line_number, classify_headword(entry.headword)});
    }
    return records;
}

}  // namespace coronet::handlers::dictd_import_detail
