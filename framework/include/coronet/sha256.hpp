#pragma once
// SHA-256 (FIPS 180-4), small and dependency-free: for content digests (uploads, file
// transfer), not for passwords. Feed data in pieces with update(), then finish() once.
//   coronet::sha256 h;
//   h.update(part1).update(part2);
//   std::string hex = coronet::to_hex(h.finish());
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace coronet {

class sha256 {
public:
    using digest = std::array<std::uint8_t, 32>;

    sha256();
    sha256& update(std::string_view data);
    // The digest of everything updated so far; the object must not be updated afterwards.
    digest finish();

    // The digest of `data` in one call.
    static digest hash(std::string_view data);

private:
    void compress(const std::uint8_t* block);

    std::array<std::uint32_t, 8> state_;
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;          // bytes waiting in buffer_ for a full block
    std::uint64_t total_bytes_ = 0;
};

// Lowercase hexadecimal, as sha256sum prints it.
std::string to_hex(const sha256::digest& d);
// to_hex(sha256::hash(data)).
std::string sha256_hex(std::string_view data);

}  // namespace coronet
