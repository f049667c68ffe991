#pragma once
// A file that appears under its final name whole or not at all: written to a temporary file
// in the same directory, then fsync'ed, renamed over the final name, and the directory
// fsync'ed. Destroyed without commit(), the temporary file is removed.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "file_io.hpp"

namespace coronet::handlers::file_transfer_detail {

// Temporary files are named ".coronet-part-" + 16 random hex digits: hidden, so no client
// can name one, and recognisable, so a restarted server can remove those a crash left.
inline constexpr std::string_view temp_prefix = ".coronet-part-";

class atomic_file {
public:
    // Creates the temporary file in `directory` (a descriptor that must outlive this);
    // `final_name` is a plain name in it. Throws std::system_error.
    atomic_file(int directory, std::string final_name);
    ~atomic_file();
    atomic_file(const atomic_file&) = delete;
    atomic_file& operator=(const atomic_file&) = delete;

    // Reserves `size` bytes on disk, so a full disk shows now (ENOSPC) rather than midway.
    // File systems that cannot reserve are let be.
    void reserve(std::uint64_t size);
    void write(std::string_view data);
    // fsync, rename over the final name, fsync the directory. Throws std::system_error.
    void commit();

    const std::string& temp_name() const { return temp_name_; }

private:
    int directory_;
    std::string final_name_;
    std::string temp_name_;
    unique_fd file_;
    bool committed_ = false;
};

// Removes the temporary files a killed process left in `directory`; how many it removed.
std::size_t remove_leftover_parts(int directory);

}  // namespace coronet::handlers::file_transfer_detail
