// The gzip header and dictzip's RA table, built byte by byte: every field, every defect, and
// every truncation of a full header (a clean error, never a read past the end).
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "gzip_header.hpp"

using namespace coronet::handlers::dictd_import_detail;

namespace {

constexpr unsigned fhcrc = 0x02, fextra = 0x04, fname = 0x08, fcomment = 0x10;

void put16(std::string& out, unsigned v) {
    out.push_back(static_cast<char>(v & 0xff));
    out.push_back(static_cast<char>(v >> 8));
}

std::string fixed_header(unsigned flags, unsigned method = 8) {
    std::string h = "\x1f\x8b";
    h.push_back(static_cast<char>(method));
    h.push_back(static_cast<char>(flags));
    h.append("\x01\x02\x03\x04", 4);   // mtime
    h.push_back('\x02');               // xfl
    h.push_back('\x03');               // os: Unix
    return h;
}

std::string subfield(char si1, char si2, const std::string& data) {
    std::string f{si1, si2};
    put16(f, static_cast<unsigned>(data.size()));
    return f + data;
}

std::string ra_data(unsigned version, unsigned chunk_length, const std::vector<unsigned>& sizes) {
    std::string d;
    put16(d, version);
    put16(d, chunk_length);
    put16(d, static_cast<unsigned>(sizes.size()));
    for (auto s : sizes) put16(d, s);
    return d;
}

std::string with_extra(unsigned flags, const std::string& extra) {
    std::string h = fixed_header(flags | fextra);
    put16(h, static_cast<unsigned>(extra.size()));
    return h + extra;
}

// A dictzip-like header with every optional field.
std::string full_header() {
    auto h = with_extra(fname | fcomment | fhcrc,
                        subfield('X', 'Y', "abc") + subfield('R', 'A', ra_data(1, 58315, {100, 200, 7})));
    h.append("gcide.dict", 11);   // with its terminating zero
    h.append("a comment", 10);
    h.append("\x12\x34", 2);
    return h;
}

std::string error_of(const std::string& bytes) {
    auto parsed = parse_gzip_header(bytes);
    return std::holds_alternative<gzip_header_error>(parsed) ? std::get<gzip_header_error>(parsed).message : "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(plain_gzip_header) {
    auto bytes = fixed_header(0) + "deflate data";
    BOOST_TEST(looks_like_gzip(bytes));
    auto parsed = parse_gzip_header(bytes);
    BOOST_TEST_REQUIRE(std::holds_alternative<gzip_header>(parsed));
    BOOST_TEST(std::get<gzip_header>(parsed).size == 10u);
    BOOST_TEST(!std::get<gzip_header>(parsed).random_access.has_value());
}

BOOST_AUTO_TEST_CASE(dictzip_table_and_optional_fields) {
    auto header = full_header();
    auto parsed = parse_gzip_header(header + "deflate data");
    BOOST_TEST_REQUIRE(std::holds_alternative<gzip_header>(parsed));
    const auto& h = std::get<gzip_header>(parsed);
    BOOST_TEST(h.size == header.size());
    BOOST_TEST_REQUIRE(h.random_access.has_value());
    BOOST_TEST(h.random_access->chunk_length == 58315u);
    BOOST_TEST(h.random_access->compressed_sizes == (std::vector<std::uint32_t>{100, 200, 7}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_empty_table_is_an_empty_file) {
    auto parsed = parse_gzip_header(with_extra(0, subfield('R', 'A', ra_data(1, 58315, {}))));
    BOOST_TEST_REQUIRE(std::holds_alternative<gzip_header>(parsed));
    BOOST_TEST(std::get<gzip_header>(parsed).random_access->compressed_sizes.empty());
}

BOOST_AUTO_TEST_CASE(defects_are_named) {
    struct row {
        std::string bytes;
        std::string reason;
    };
    for (const auto& r : {
             row{"", "no 1f 8b magic"},
             row{"PK\x03\x04", "no 1f 8b magic"},
             row{"\x1f\x8b\x08", "truncated"},
             row{fixed_header(0, 9), "method 9"},
             row{fixed_header(0x20), "reserved flag"},
             row{with_extra(0, subfield('R', 'A', ra_data(2, 58315, {10}))), "version 2"},
             row{with_extra(0, subfield('R', 'A', ra_data(1, 0, {10}))), "chunk length of 0"},
             row{with_extra(0, subfield('R', 'A', ra_data(1, 100, {10, 0}))), "chunk 1 has a compressed size of 0"},
             row{with_extra(0, subfield('R', 'A', ra_data(1, 100, {10, 20}).substr(0, 8))), "cannot hold 2 chunk sizes"},
             row{with_extra(0, subfield('R', 'A', ra_data(1, 100, {10}) + "xx")), "cannot hold 1 chunk sizes"},
             row{with_extra(0, subfield('R', 'A', "\x01")), "shorter than its 6-byte header"},
             row{with_extra(0, "RA"), "subfield header is truncated"},
             row{fixed_header(fname) + "no terminator", "file name field is not terminated"},
             row{fixed_header(fcomment) + "no terminator", "comment field is not terminated"},
             row{fixed_header(fhcrc) + "x", "header CRC is truncated"},
         }) {
        BOOST_TEST_CONTEXT(r.reason) {
            auto message = error_of(r.bytes);
            BOOST_TEST(message.find(r.reason) != std::string::npos, "message: " << message);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_subfield_longer_than_the_extra_field) {
    // XLEN says 8, the subfield inside claims 100 bytes.
    auto h = fixed_header(fextra);
    put16(h, 8);
    h += "RA";
    put16(h, 100);
    h += "abcd";
    BOOST_TEST(error_of(h).find("subfield is truncated") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_truncation_is_a_clean_error) {
    auto header = full_header();
    for (std::size_t n = 0; n < header.size(); ++n) {
        BOOST_TEST_CONTEXT("first " << n << " bytes") {
            BOOST_TEST(!error_of(header.substr(0, n)).empty());
        }
    }
    BOOST_TEST(error_of(header).empty());
}

BOOST_AUTO_TEST_CASE(mutated_headers_never_read_past_the_end) {
    // A small fuzz run, deterministic: flip bytes of a full header; the parse either fails or
    // ends within the input (run under ASan for the memory checks).
    std::mt19937 random(3);
    auto header = full_header();
    for (int i = 0; i < 20000; ++i) {
        auto bytes = header.substr(0, random() % (header.size() + 1));
        for (int flips = 1 + static_cast<int>(random() % 4); flips > 0 && !bytes.empty(); --flips) {
            bytes[random() % bytes.size()] = static_cast<char>(random());
        }
        auto parsed = parse_gzip_header(bytes);
        if (auto* h = std::get_if<gzip_header>(&parsed)) BOOST_TEST_REQUIRE(h->size <= bytes.size());
    }
}
