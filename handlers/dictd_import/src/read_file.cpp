#include "read_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include <coronet/handlers/dictd_import.hpp>

namespace coronet::handlers::dictd_import_detail {

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw dictd_error(fmt::format("{}: cannot open: {}", file.string(), std::strerror(errno)));
    std::error_code size_error;
    auto size = std::filesystem::file_size(file, size_error);
    std::string bytes;
    if (!size_error) bytes.reserve(size);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) throw dictd_error(fmt::format("{}: read error: {}", file.string(), std::strerror(errno)));
    return bytes;
}

}  // namespace coronet::handlers::dictd_import_detail
