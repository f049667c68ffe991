#include "atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <random>
#include <system_error>

#include <fmt/format.h>

namespace coronet::handlers::file_transfer_detail {
namespace {

[[noreturn]] void fail(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

std::string random_temp_name() {
    thread_local std::mt19937_64 random{std::random_device{}()};
    return fmt::format("{}{:016x}", temp_prefix, random());
}

}  // namespace

atomic_file::atomic_file(int directory, std::string final_name) : directory_(directory), final_name_(std::move(final_name)) {
    for (int attempt = 0; attempt < 8 && !file_; ++attempt) {
        temp_name_ = random_temp_name();
        int fd = ::openat(directory_, temp_name_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd >= 0) file_ = unique_fd{fd};
        else if (errno != EEXIST) fail("cannot create a temporary file");
    }
    if (!file_) fail("cannot create a temporary file");
}

atomic_file::~atomic_file() {
    if (!committed_) ::unlinkat(directory_, temp_name_.c_str(), 0);
}

void atomic_file::reserve(std::uint64_t size) {
    if (size == 0) return;
    int err = ::posix_fallocate(file_.get(), 0, static_cast<off_t>(size));
    if (err == ENOSPC || err == EFBIG || err == EDQUOT) throw std::system_error(err, std::generic_category(), "reserve");
}

void atomic_file::write(std::string_view data) { write_all(file_.get(), data); }

void atomic_file::commit() {
    if (::fsync(file_.get()) != 0) fail("fsync");
    if (::renameat(directory_, temp_name_.c_str(), directory_, final_name_.c_str()) != 0) fail("rename");
    committed_ = true;
    if (::fsync(directory_) != 0) fail("fsync of the directory");
}

std::size_t remove_leftover_parts(int directory) {
    std::size_t removed = 0;
    for (const auto& name : directory_entries(directory))
        if (name.starts_with(temp_prefix) && ::unlinkat(directory, name.c_str(), 0) == 0) ++removed;
    return removed;
}

}  // namespace coronet::handlers::file_transfer_detail
