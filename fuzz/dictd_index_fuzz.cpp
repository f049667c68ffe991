// dictd's index and header formats (handlers/dictd_import/src): base-64 numbers, .index lines
// and whole .index files, the database's own entries, and the gzip/dictzip header. Numbers and
// index lines written back parse the same; a number is accepted exactly when its digits fit
// 64 bits; every index record lies inside the data; a parsed gzip header ends inside the bytes,
// and a dictzip table made here parses to what was put in it.
#include <string>
#include <variant>

#include <coronet/handlers/dictd_import.hpp>

#include "base64.hpp"
#include "database_entries.hpp"
#include "fuzz_check.hpp"
#include "gzip_header.hpp"
#include "index_file.hpp"
#include "index_line.hpp"

using coronet::fuzz::require;
namespace detail = coronet::handlers::dictd_import_detail;

namespace {

constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Whether `digits` spells a number below 2^64: each digit is 6 bits, most significant first.
bool fits(std::string_view digits) {
    if (digits.empty() || digits.find_first_not_of(alphabet) != std::string_view::npos) return false;
    auto significant = digits.substr(std::min(digits.find_first_not_of('A'), digits.size()));
    // 10 digits are 60 bits; an 11th may add 4 more, so it must be below 16.
    return significant.size() <= 10 || (significant.size() == 11 && alphabet.find(significant[0]) < 16);
}

void check_number(std::string_view digits, std::uint64_t value) {
    require(detail::decode_dictd_number(detail::encode_dictd_number(value)) == value, "decode(encode(n)) == n");
    auto decoded = detail::decode_dictd_number(digits);
    require(decoded.has_value() == fits(digits), "a number is read exactly when its digits fit 64 bits");
    if (decoded) {
        auto significant = digits.substr(std::min(digits.find_first_not_of('A'), digits.size() - 1));
        require(detail::encode_dictd_number(*decoded) == significant, "encode(decode(digits)) is the digits without leading zeros");
    }
}

void check_index_line(std::string_view line) {
    auto parsed = detail::parse_index_line(line);
    auto* entry = std::get_if<detail::index_entry>(&parsed);
    if (!entry) return;
    require(entry->headword.find('\t') == std::string_view::npos, "a headword holds no tab");
    auto again = std::string(entry->headword).append("\t").append(detail::encode_dictd_number(entry->offset))
                     .append("\t").append(detail::encode_dictd_number(entry->length));
    auto reparsed = detail::parse_index_line(again);
    auto* e = std::get_if<detail::index_entry>(&reparsed);
    require(e && e->headword == entry->headword && e->offset == entry->offset && e->length == entry->length,
            "an index line written back parses the same");
}

void check_index_file(std::string_view text, std::uint64_t data_size) {
    try {
        for (const auto& r : detail::parse_index_file("fuzz.index", text, "fuzz.dict", data_size)) {
            require(r.offset <= data_size && r.length <= data_size - r.offset, "an index record lies inside the data");
            require(r.kind == detail::classify_headword(r.headword), "a record's kind is its headword's");
        }
    } catch (const coronet::handlers::dictd_error&) {
    }
}

void check_entries(std::string_view text) {
    (void)detail::classify_headword(text);
    auto stripped = detail::strip_database_headword(text);
    require(text.find(stripped) != std::string_view::npos, "a stripped definition is part of the definition");
    auto line = detail::one_line(text);
    require(line.find_first_of("\t\n\r\f\v") == std::string::npos && line.find("  ") == std::string::npos &&
                !line.starts_with(' ') && !line.ends_with(' '),
            "one_line leaves single spaces between words");
    require(detail::one_line(line) == line, "one_line is idempotent");
}

void check_gzip_header(std::string_view bytes) {
    auto parsed = detail::parse_gzip_header(bytes);
    if (auto* header = std::get_if<detail::gzip_header>(&parsed)) {
        require(header->size >= 10 && header->size <= bytes.size(), "a gzip header ends inside the bytes");
        if (header->random_access) {
            require(header->random_access->chunk_length > 0, "a dictzip chunk has a length");
            for (auto s : header->random_access->compressed_sizes) require(s > 0, "a dictzip chunk has compressed bytes");
        }
    }
}

void put16(std::string& out, unsigned v) {
    out.push_back(static_cast<char>(v & 0xff));
    out.push_back(static_cast<char>(v >> 8));
}

// A dictzip header made from `in`: its table must parse back as written.
void check_dictzip_table(FuzzedDataProvider& in) {
    detail::dictzip_chunks table;
    table.chunk_length = in.ConsumeIntegralInRange<std::uint32_t>(1, 0xffff);
    table.compressed_sizes.resize(in.ConsumeIntegralInRange(0, 20));
    for (auto& s : table.compressed_sizes) s = in.ConsumeIntegralInRange<std::uint32_t>(1, 0xffff);
    bool with_name = in.ConsumeBool(), with_crc = in.ConsumeBool();
    std::string ra;
    put16(ra, 1);
    put16(ra, table.chunk_length);
    put16(ra, static_cast<unsigned>(table.compressed_sizes.size()));
    for (auto s : table.compressed_sizes) put16(ra, s);
    std::string extra = "XY";     // another subfield first, skipped
    put16(extra, 3);
    extra.append("abc").append("RA");
    put16(extra, static_cast<unsigned>(ra.size()));
    extra.append(ra);
    std::string header("\x1f\x8b\x08", 3);
    header.push_back(static_cast<char>(0x04 | (with_name ? 0x08 : 0) | (with_crc ? 0x02 : 0)));
    header.append(6, '\0');
    put16(header, static_cast<unsigned>(extra.size()));
    header.append(extra);
    if (with_name) header.append("name.dict", 10);
    if (with_crc) header.append("cc");
    auto size = header.size();
    header.append("deflate data");
    auto parsed = detail::parse_gzip_header(header);
    auto* h = std::get_if<detail::gzip_header>(&parsed);
    require(h && h->size == size && h->random_access && h->random_access->chunk_length == table.chunk_length &&
                h->random_access->compressed_sizes == table.compressed_sizes,
            "a dictzip table parses as written");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    auto text = coronet::fuzz::as_text(data, size);
    FuzzedDataProvider in(data, size);
    check_number(text.substr(0, 16), in.ConsumeIntegral<std::uint64_t>());
    check_index_line(text);
    check_index_file(text, in.ConsumeIntegralInRange<std::uint64_t>(0, 1 << 20));
    check_entries(text);
    check_gzip_header(text);
    check_dictzip_table(in);
    return 0;
}
