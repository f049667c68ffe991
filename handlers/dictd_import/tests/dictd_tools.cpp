#include "dictd_tools.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include <fmt/format.h>

#include "support/test_support.hpp"

namespace coronet::testing::dictd {

namespace {

#ifdef CORONET_DICTFMT_BIN
constexpr std::string_view dictfmt_bin = CORONET_DICTFMT_BIN;
#else
constexpr std::string_view dictfmt_bin;
#endif
#ifdef CORONET_DICTZIP_BIN
constexpr std::string_view dictzip_bin = CORONET_DICTZIP_BIN;
#else
constexpr std::string_view dictzip_bin;
#endif
#ifdef CORONET_GZIP_BIN
constexpr std::string_view gzip_bin = CORONET_GZIP_BIN;
#else
constexpr std::string_view gzip_bin;
#endif

// Runs a shell command line (the tools read stdin or write beside their input); throws unless
// it exits with 0 within a minute.
void run(const std::string& command) {
    child_process child({"/bin/sh", "-c", "(" + command + ") >/dev/null"});
    auto status = child.wait_exit(std::chrono::seconds(60));
    if (status != 0) throw std::runtime_error(fmt::format("`{}` failed (status {})", command, status.value_or(-1)));
}

std::string quoted(const std::filesystem::path& p) { return fmt::format("'{}'", p.string()); }

}  // namespace

bool have_dictfmt() { return !dictfmt_bin.empty(); }
bool have_dictzip() { return !dictzip_bin.empty(); }
bool have_gzip() { return !gzip_bin.empty(); }

void write_file(const std::filesystem::path& file, std::string_view bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + file.string());
}

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void dictfmt(const std::filesystem::path& dir, const std::string& name, std::string_view source,
             const std::vector<std::string>& options) {
    auto source_file = dir / (name + ".txt");
    write_file(source_file, source);
    std::string command = fmt::format("cd {} && {} -c5 --quiet", quoted(dir), dictfmt_bin);
    for (const auto& option : options) command += fmt::format(" '{}'", option);
    run(fmt::format("{} {} < {}", command, name, quoted(source_file)));
}

std::filesystem::path dictzip(const std::filesystem::path& file) {
    run(fmt::format("{} -k -f {}", dictzip_bin, quoted(file)));
    return file.string() + ".dz";
}

std::filesystem::path gzip(const std::filesystem::path& file) {
    auto out = std::filesystem::path(file.string() + ".gz");
    run(fmt::format("{} -c -n {} > {}", gzip_bin, quoted(file), quoted(out)));
    return out;
}

}  // namespace coronet::testing::dictd
