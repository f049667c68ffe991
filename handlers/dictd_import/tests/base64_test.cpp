// dictd's base 64 numbers: known spellings, every kind of bad input, and the round trip.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "base64.hpp"

using namespace coronet::handlers::dictd_import_detail;

BOOST_AUTO_TEST_CASE(known_numbers) {
    struct row {
        std::string digits;
        std::uint64_t value;
    };
    // "BS", "Kj", "uk" are GCIDE's 00-database-short length and -info offset and length.
    for (const auto& [digits, value] : {row{"A", 0}, row{"B", 1}, row{"Z", 25}, row{"a", 26}, row{"z", 51},
                                        row{"0", 52}, row{"9", 61}, row{"+", 62}, row{"/", 63}, row{"BA", 64},
                                        row{"BS", 82}, row{"Kj", 675}, row{"uk", 2980}, row{"AAAB", 1},
                                        row{"BAAAAAAAAAA", std::uint64_t{1} << 60},
                                        row{"P//////////", std::numeric_limits<std::uint64_t>::max()}}) {
        BOOST_TEST_CONTEXT(digits) {
            auto decoded = decode_dictd_number(digits);
            BOOST_TEST_REQUIRE(decoded.has_value());
            BOOST_TEST(*decoded == value);
        }
    }
}

BOOST_AUTO_TEST_CASE(bad_spellings_are_refused) {
    for (const std::string& digits : std::vector<std::string>{"", "=", "A=", "-1", " B", "B ", "B\r", "B\n", "12.5", "\xc3\xa9", std::string("A\0B", 3),
                               "Q//////////", "QAAAAAAAAAA", "BAAAAAAAAAAA", "///////////////"}) {
        BOOST_TEST_CONTEXT(digits) {
            BOOST_TEST(!decode_dictd_number(digits).has_value());
        }
    }
}

BOOST_AUTO_TEST_CASE(encoding_is_the_inverse) {
    BOOST_TEST(encode_dictd_number(0) == "A");
    BOOST_TEST(encode_dictd_number(82) == "BS");
    std::mt19937_64 random(42);
    for (int i = 0; i < 10000; ++i) {
        std::uint64_t value = random() >> (random() % 64);
        auto decoded = decode_dictd_number(encode_dictd_number(value));
        BOOST_TEST_REQUIRE((decoded && *decoded == value), value);
    }
}
