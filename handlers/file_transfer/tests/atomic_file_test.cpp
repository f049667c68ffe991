#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

#include "atomic_file.hpp"
#include "support/test_support.hpp"

using namespace coronet::handlers::file_transfer_detail;
using namespace coronet::testing;
namespace fs = std::filesystem;

namespace {
std::size_t files_in(const fs::path& dir) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}
}  // namespace

BOOST_AUTO_TEST_CASE(a_committed_file_replaces_the_old_one_and_leaves_no_temporary_file) {
    temp_directory dir;
    write_file(dir.path() / "f", "old");
    auto fd = open_directory(dir.path().string());
    {
        atomic_file f{fd.get(), "f"};
        BOOST_TEST(fs::exists(dir.path() / f.temp_name()));
        BOOST_TEST(f.temp_name().starts_with(temp_prefix));
        f.reserve(6);
        f.write("new ");
        f.write("one");
        BOOST_TEST(read_file(dir.path() / "f") == "old");   // not yet
        f.commit();
    }
    BOOST_TEST(read_file(dir.path() / "f") == "new one");   // reserved 6, wrote 7: the size is what was written
    BOOST_TEST(files_in(dir.path()) == 1u);
}

BOOST_AUTO_TEST_CASE(an_abandoned_file_leaves_the_final_name_untouched) {
    temp_directory dir;
    write_file(dir.path() / "f", "old");
    auto fd = open_directory(dir.path().string());
    {
        atomic_file f{fd.get(), "f"};
        f.reserve(1000);
        f.write("half");
    }
    BOOST_TEST(read_file(dir.path() / "f") == "old");
    BOOST_TEST(files_in(dir.path()) == 1u);
}

BOOST_AUTO_TEST_CASE(a_symlink_at_the_final_name_is_replaced_not_followed) {
    temp_directory dir, outside;
    write_file(outside.path() / "target", "precious");
    fs::create_directory(dir.path() / "served");
    fs::create_symlink(outside.path() / "target", dir.path() / "served" / "f");
    auto fd = open_directory((dir.path() / "served").string());
    atomic_file f{fd.get(), "f"};
    f.write("uploaded");
    f.commit();
    BOOST_TEST(!fs::is_symlink(dir.path() / "served" / "f"));
    BOOST_TEST(read_file(dir.path() / "served" / "f") == "uploaded");
    BOOST_TEST(read_file(outside.path() / "target") == "precious");
}

BOOST_AUTO_TEST_CASE(leftovers_of_a_killed_process_are_removed_and_nothing_else) {
    temp_directory dir;
    // Appended, not `std::string(temp_prefix) + "..."`: g++ 12 warns falsely on that (-Warray-bounds).
    auto part = [&](std::string_view suffix) { return dir.path() / std::string(temp_prefix).append(suffix); };
    write_file(part("0123456789abcdef"), "x");
    write_file(part("fedcba9876543210"), "y");
    write_file(dir.path() / "keep", "k");
    write_file(dir.path() / ".coronet-other", "k");
    auto fd = open_directory(dir.path().string());
    BOOST_TEST(remove_leftover_parts(fd.get()) == 2u);
    BOOST_TEST(files_in(dir.path()) == 2u);
    BOOST_TEST(remove_leftover_parts(fd.get()) == 0u);
}

BOOST_AUTO_TEST_CASE(a_missing_directory_is_a_clear_error) {
    temp_directory dir;
    try {
        open_directory((dir.path() / "nope").string());
        BOOST_FAIL("no exception");
    } catch (const std::system_error& e) {
        BOOST_TEST(std::string(e.what()).find("nope") != std::string::npos, e.what());
    }
}
