// The data reader over files made by the real dictzip and gzip: every read equals the plain
// text (within a chunk, across chunks, in any order), and defects give dictd_error.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <variant>

#include <fmt/format.h>

#include <coronet/handlers/dictd_import.hpp>

#include "dictd_data.hpp"
#include "dictd_tools.hpp"
#include "gzip_header.hpp"
#include "support/test_support.hpp"

using namespace coronet::handlers::dictd_import_detail;
using coronet::handlers::dictd_error;
namespace tools = coronet::testing::dictd;
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t dictzip_chunk = 58315;   // dictzip's chunk length

// About 400 KB of varied text (seven dictzip chunks), the same every run.
std::string sample_text() {
    std::mt19937 random(7);
    std::string text;
    for (int line = 0; text.size() < 400000; ++line) {
        text += fmt::format("{:06} ", line);
        for (int w = 0, words = 3 + static_cast<int>(random() % 12); w < words; ++w) {
            for (int c = 0, letters = 1 + static_cast<int>(random() % 9); c < letters; ++c) {
                text.push_back(static_cast<char>('a' + random() % 26));
            }
            text.push_back(' ');
        }
        text += "\xe4\xbd\xa0\xe5\xa5\xbd\n";
    }
    return text;
}

// Expects `action` to throw dictd_error whose message contains each of `parts`.
template <class Action>
void expect_error(Action action, std::initializer_list<std::string_view> parts) {
    try {
        action();
        BOOST_ERROR("no dictd_error");
    } catch (const dictd_error& e) {
        std::string message = e.what();
        for (auto part : parts) BOOST_TEST(message.find(part) != std::string::npos, message << " lacks " << part);
    }
}

struct files {
    coronet::testing::temp_directory dir;
    std::string text = sample_text();
    fs::path plain = dir.path() / "sample.dict";
    files() { tools::write_file(plain, text); }
};

void check_reads(dictd_data& data, const std::string& text) {
    BOOST_TEST_REQUIRE(data.size() == text.size());
    struct range {
        std::uint64_t offset, length;
    };
    for (auto [offset, length] : {range{0, 0}, range{0, 1}, range{text.size() - 1, 1}, range{text.size(), 0},
                                  range{0, text.size()}, range{dictzip_chunk - 10, 20}, range{dictzip_chunk, 1},
                                  range{2 * dictzip_chunk - 5, dictzip_chunk + 10}, range{6 * dictzip_chunk - 1, 2}}) {
        BOOST_TEST_REQUIRE(data.read(offset, length) == std::string_view(text).substr(offset, length),
                           "offset " << offset << " length " << length);
    }
    std::mt19937_64 random(11);
    for (int i = 0; i < 2000; ++i) {
        std::uint64_t offset = random() % text.size();
        std::uint64_t length = random() % std::min<std::uint64_t>(text.size() - offset, 3000);
        BOOST_TEST_REQUIRE(data.read(offset, length) == std::string_view(text).substr(offset, length),
                           "offset " << offset << " length " << length);
    }
    expect_error([&] { data.read(text.size(), 1); }, {"goes beyond the data"});
    expect_error([&] { data.read(text.size() + 1, 0); }, {"goes beyond the data"});
    expect_error([&] { data.read(1, UINT64_MAX); }, {"goes beyond the data"});
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(plain_file, files) {
    dictd_data data(plain);
    BOOST_TEST((data.kind() == dictd_data::format::plain));
    check_reads(data, text);
}

BOOST_FIXTURE_TEST_CASE(dictzip_file, files) {
    if (!tools::have_dictzip()) {
        BOOST_TEST_MESSAGE("dictzip not installed: skipped");
        return;
    }
    dictd_data data(tools::dictzip(plain));
    BOOST_TEST((data.kind() == dictd_data::format::dictzip));
    check_reads(data, text);
}

BOOST_FIXTURE_TEST_CASE(gzip_file_without_a_table, files) {
    if (!tools::have_gzip()) {
        BOOST_TEST_MESSAGE("gzip not installed: skipped");
        return;
    }
    dictd_data data(tools::gzip(plain));
    BOOST_TEST((data.kind() == dictd_data::format::gzip));
    check_reads(data, text);
}

BOOST_AUTO_TEST_CASE(an_empty_plain_file) {
    coronet::testing::temp_directory dir;
    tools::write_file(dir.path() / "empty.dict", "");
    dictd_data data(dir.path() / "empty.dict");
    BOOST_TEST(data.size() == 0u);
    BOOST_TEST(data.read(0, 0).empty());
}

BOOST_AUTO_TEST_CASE(a_missing_file) {
    expect_error([] { dictd_data data("/nonexistent/gcide.dict.dz"); }, {"/nonexistent/gcide.dict.dz", "cannot open"});
}

BOOST_FIXTURE_TEST_CASE(a_truncated_dictzip_file, files) {
    if (!tools::have_dictzip()) {
        BOOST_TEST_MESSAGE("dictzip not installed: skipped");
        return;
    }
    auto dz = tools::dictzip(plain);
    auto bytes = tools::read_file(dz);
    tools::write_file(dz, bytes.substr(0, bytes.size() / 2));
    expect_error([&] { dictd_data data(dz); }, {"sample.dict.dz", "truncated"});
    tools::write_file(dz, bytes.substr(0, 30));   // inside the header
    expect_error([&] { dictd_data data(dz); }, {"sample.dict.dz", "truncated"});
}

BOOST_FIXTURE_TEST_CASE(a_corrupt_dictzip_chunk, files) {
    if (!tools::have_dictzip()) {
        BOOST_TEST_MESSAGE("dictzip not installed: skipped");
        return;
    }
    auto dz = tools::dictzip(plain);
    auto bytes = tools::read_file(dz);
    auto header = std::get<gzip_header>(parse_gzip_header(bytes));
    const auto& sizes = header.random_access->compressed_sizes;
    BOOST_TEST_REQUIRE(sizes.size() == 7u);
    // Garbage in the middle of chunk 2.
    std::size_t chunk2 = header.size + sizes[0] + sizes[1];
    bytes.replace(chunk2 + sizes[2] / 2, 64, std::string(64, '\xff'));
    tools::write_file(dz, bytes);
    dictd_data data(dz);
    BOOST_TEST(data.read(10, 100) == text.substr(10, 100));   // chunk 0 is intact
    expect_error([&] { data.read(2 * dictzip_chunk + 5, 10); }, {"sample.dict.dz", "dictzip chunk 2"});
    expect_error([&] { data.read(2 * dictzip_chunk + 5, 10); }, {"dictzip chunk 2"});   // not cached as good
    BOOST_TEST(data.read(3 * dictzip_chunk, 100) == text.substr(3 * dictzip_chunk, 100));
}

BOOST_FIXTURE_TEST_CASE(a_wrong_size_in_the_trailer, files) {
    if (!tools::have_dictzip()) {
        BOOST_TEST_MESSAGE("dictzip not installed: skipped");
        return;
    }
    auto dz = tools::dictzip(plain);
    auto bytes = tools::read_file(dz);
    bytes.replace(bytes.size() - 4, 4, std::string("\x01\x00\x00\x00", 4));
    tools::write_file(dz, bytes);
    expect_error([&] { dictd_data data(dz); }, {"sample.dict.dz", "trailer"});
}

BOOST_FIXTURE_TEST_CASE(a_chunk_table_that_lies, files) {
    if (!tools::have_dictzip()) {
        BOOST_TEST_MESSAGE("dictzip not installed: skipped");
        return;
    }
    auto dz = tools::dictzip(plain);
    auto bytes = tools::read_file(dz);
    auto header = std::get<gzip_header>(parse_gzip_header(bytes));
    // Swap the first two compressed sizes in the RA table (it starts at byte 12 + 4 + 6).
    std::size_t table = 12 + 4 + 6;
    BOOST_TEST_REQUIRE(header.random_access->compressed_sizes[0] != header.random_access->compressed_sizes[1]);
    std::swap_ranges(bytes.begin() + table, bytes.begin() + table + 2, bytes.begin() + table + 2);
    tools::write_file(dz, bytes);
    dictd_data data(dz);
    expect_error([&] { data.read(0, 10); }, {"dictzip chunk 0"});
}

BOOST_FIXTURE_TEST_CASE(a_corrupt_gzip_file, files) {
    if (!tools::have_gzip()) {
        BOOST_TEST_MESSAGE("gzip not installed: skipped");
        return;
    }
    auto gz = tools::gzip(plain);
    auto bytes = tools::read_file(gz);
    tools::write_file(gz, bytes.substr(0, bytes.size() - 100));
    expect_error([&] { dictd_data data(gz); }, {"sample.dict.gz", "truncated"});
    auto bad_method = bytes;
    bad_method[2] = 9;
    tools::write_file(gz, bad_method);
    expect_error([&] { dictd_data data(gz); }, {"sample.dict.gz", "method 9"});
    auto bad_crc = bytes;
    bad_crc[bad_crc.size() - 6] ^= 0x55;
    tools::write_file(gz, bad_crc);
    expect_error([&] { dictd_data data(gz); }, {"sample.dict.gz", "corrupt"});
}
