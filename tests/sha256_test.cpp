// SHA-256 against the FIPS 180-2 test vectors, fed whole and in awkward pieces.
#include <boost/test/unit_test.hpp>

#include <string>

#include <coronet/sha256.hpp>

using coronet::sha256;
using coronet::sha256_hex;
using coronet::to_hex;

namespace {

const std::string two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";   // 448 bits

}  // namespace

BOOST_AUTO_TEST_CASE(empty_message) {
    BOOST_TEST(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

BOOST_AUTO_TEST_CASE(abc) {
    BOOST_TEST(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_CASE(the_448_bit_message) {
    BOOST_TEST(sha256_hex(two_blocks) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

BOOST_AUTO_TEST_CASE(one_million_a) {
    BOOST_TEST(sha256_hex(std::string(1'000'000, 'a')) ==
               "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

BOOST_AUTO_TEST_CASE(one_million_a_in_uneven_pieces) {
    // Pieces of 1..127 bytes cross the 64-byte block boundary at every offset.
    sha256 h;
    std::size_t fed = 0;
    for (std::size_t piece = 1; fed < 1'000'000; piece = piece % 127 + 1) {
        std::size_t n = std::min(piece, 1'000'000 - fed);
        h.update(std::string(n, 'a'));
        fed += n;
    }
    BOOST_TEST(to_hex(h.finish()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

BOOST_AUTO_TEST_CASE(byte_by_byte_equals_whole) {
    sha256 h;
    for (char c : two_blocks) h.update(std::string_view(&c, 1));
    BOOST_TEST(to_hex(h.finish()) == sha256_hex(two_blocks));
}

BOOST_AUTO_TEST_CASE(padding_edge_lengths) {
    // 55, 56 and 64 bytes: the length fits in the last block, just does not, and a whole block.
    BOOST_TEST(sha256_hex(std::string(55, 'a')) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    BOOST_TEST(sha256_hex(std::string(56, 'a')) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    BOOST_TEST(sha256_hex(std::string(64, 'a')) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}
