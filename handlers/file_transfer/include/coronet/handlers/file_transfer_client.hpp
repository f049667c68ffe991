#pragma once
// The file transfer's client side: one request per call, each on its own connection, blocking
// until done. Any call fails when no byte moves for `timeout`.
//   coronet::handlers::file_client_options server{.host = "127.0.0.1", .port = 9004};
//   upload_file(server, "photo.jpg", "photo.jpg");
//   download_file(server, "photo.jpg", "copy.jpg");
//   for (auto& f : list_files(server)) ...
//
// A download is written like an upload on the server: to a temporary file beside
// `destination`, hashed as it arrives, checked against the announced size and the SHA-256 line
// that trails the bytes, then renamed over it. A failed download (a wrong or missing trailer, a
// cut connection) leaves no file behind and `destination` untouched.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <coronet/handlers/file_protocol.hpp>

namespace coronet::handlers {

struct file_client_options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 9004;
    std::chrono::milliseconds timeout{30'000};   // no byte either way for this long: failure
};

// Called as bytes move: done so far, of total.
using transfer_progress = std::function<void(std::uint64_t done, std::uint64_t total)>;

// The server answered with an ERR line.
class file_transfer_refused : public std::runtime_error {
public:
    file_transfer_refused(file_protocol::status_code code, const std::string& message)
        : std::runtime_error(message), code_(code) {}
    file_protocol::status_code code() const { return code_; }

private:
    file_protocol::status_code code_;
};

struct transferred_file {
    std::uint64_t size = 0;
    std::string sha256;   // lowercase hex
};

struct listed_file {
    std::string name;
    std::uint64_t size = 0;
};

// Each throws file_transfer_refused when the server says no, std::runtime_error for
// everything else (no connection, a timeout, a local file that cannot be read or written,
// bytes that do not match what was announced).

// Sends `file` as `name`. The file is read twice: hashed first (`hashing` progress), since the
// digest goes ahead of the bytes, and before connecting, so the server never waits on it.
transferred_file upload_file(const file_client_options& server, const std::filesystem::path& file, std::string_view name,
                             const transfer_progress& sending = {}, const transfer_progress& hashing = {});
// Fetches `name` into the file `destination` (replaced if it exists).
transferred_file download_file(const file_client_options& server, std::string_view name,
                               const std::filesystem::path& destination, const transfer_progress& receiving = {});
// The server's files, by name.
std::vector<listed_file> list_files(const file_client_options& server);

}  // namespace coronet::handlers
