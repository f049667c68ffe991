// A whole file into memory; dictd_error (naming the file and the system's reason) otherwise.
#pragma once

#include <filesystem>
#include <string>

namespace coronet::handlers::dictd_import_detail {

std::string read_file(const std::filesystem::path& file);

}  // namespace coronet::handlers::dictd_import_detail
