// The real coronet-homepage with its uploads directory on a full disk: a small tmpfs mounted in
// a user and mount namespace of its own (unshare -rm), PUT into over HTTP until it is full, then
// given room again, and made read-only. Left out (skipped, with the reason) where namespaces
// cannot be made.
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "support/small_disk.hpp"
#include "support/test_support.hpp"

using namespace coronet::testing;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t file_bytes = 64 * 1024;

// `size` bytes of every value, different for each name.
std::string content_of(std::string_view name, std::size_t size = file_bytes) {
    std::string out(size, '\0');
    auto seed = std::hash<std::string_view>{}(name);
    for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<char>((i * 31 + seed + i / 251) & 0xff);
    return out;
}

// The homepage with uploads on a 2 MiB tmpfs that a 512 KiB ballast file shares (so that room
// can be made later); its store and log outside, in `dir`.
struct homepage_on_a_small_disk {
    homepage_on_a_small_disk()
        : server(disk, "2m", "512K",
                 fmt::format("{} --port 0 --db {} --upload-token s3cret --uploads {} --threads 2 --log-file {}",
                             CORONET_HOMEPAGE_BIN, (dir.path() / "words.db").string(), uploads.string(), log.string())) {
        auto line = server.shell().wait_for_line("http listening on 127.0.0.1:");
        BOOST_REQUIRE(line);
        port = port_of(*line);
    }

    http_reply ask(tcp_client& c, std::string_view method, std::string_view target, std::string_view body = {}) const {
        c.send(fmt::format("{} {} HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer s3cret\r\nContent-Length: {}\r\n\r\n{}", method,
                           target, body.size(), body));
        return parse_http_reply(c.receive_http_response());
    }
    http_reply put(tcp_client& c, std::string_view name, std::string_view body) const {
        return ask(c, "PUT", fmt::format("/uploads/{}", name), body);
    }

    // The names in the uploads directory, as the server sees it.
    std::map<std::string, std::string> on_disk() const {
        std::map<std::string, std::string> files;
        for (const auto& entry : fs::directory_iterator(server.seen_by_server(uploads)))
            files[entry.path().filename().string()] = read_file(entry.path());
        return files;
    }

    temp_directory dir;
    fs::path disk = dir.path() / "disk", uploads = disk / "uploads", log = dir.path() / "server.log";
    server_on_a_small_disk server;
    std::uint16_t port = 0;
};

// namespaces_allowed, and nsenter(1) to act in the server's.
boost::test_tools::assertion_result nsenter_found(boost::unit_test::test_unit_id id) {
    if (!std::string_view(CORONET_NSENTER_BIN).empty()) return namespaces_allowed(id);
    boost::test_tools::assertion_result missing(false);
    missing.message() << "nsenter(1) was not found when configuring";
    return missing;
}

}  // namespace

// PUTs until the disk is full: that one and every later one is 507 with a message, logged once;
// nothing is left half-written, every earlier upload is there byte for byte (a replacement
// refused leaves the old bytes), and GETs go on. Once there is room again, PUTs work.
BOOST_AUTO_TEST_CASE(puts_on_a_full_disk_are_507_and_nothing_stored_is_lost,
                     *boost::unit_test::precondition(namespaces_allowed)) {
    homepage_on_a_small_disk app;
    tcp_client writer{app.port};
    std::map<std::string, std::string> stored;
    http_reply full;
    for (int i = 0; i < 100 && full.status == 0; ++i) {
        auto name = fmt::format("file{}.bin", i);
        auto reply = app.put(writer, name, content_of(name));
        if (reply.status == 201u) stored[name] = content_of(name);
        else full = reply;
    }
    BOOST_TEST_MESSAGE(stored.size() << " uploads stored before the disk was full");
    BOOST_TEST_REQUIRE(full.status == 507u, full.status << " " << full.body);
    BOOST_TEST(stored.size() > 10u);
    BOOST_TEST(full.head.starts_with("HTTP/1.1 507 Insufficient Storage\r\n"), full.head);
    BOOST_TEST(full.body.find("No room left on the server&#39;s disk: the file was not stored.") != std::string::npos, full.body);

    // Full: new files and replacements are refused (each larger than what was refused first).
    auto first = stored.begin()->first, last = stored.rbegin()->first;
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(app.put(writer, fmt::format("late{}.bin", i), content_of("late", 2 * file_bytes)).status == 507u);
    BOOST_TEST(app.put(writer, first, content_of("replacement", 2 * file_bytes)).status == 507u);
    // On the disk, exactly what was acknowledged: no temporary file left, no byte changed.
    BOOST_TEST((app.on_disk() == stored), "the uploads directory holds other files or bytes than were stored");
    // Reads go on: the uploads, their listing, the site.
    for (const auto& name : {first, last}) {
        auto got = app.ask(writer, "GET", "/uploads/" + name);
        BOOST_TEST(got.status == 200u);
        BOOST_TEST((got.body == stored[name]), name << " served changed");
    }
    auto listing = app.ask(writer, "GET", "/uploads/");
    BOOST_TEST(listing.status == 200u);
    BOOST_TEST(listing.body.find(last) != std::string::npos);
    BOOST_TEST(listing.body.find(".coronet-part-") == std::string::npos);
    BOOST_TEST(app.ask(writer, "GET", "/").status == 200u);
    auto logged = read_file(app.log);
    BOOST_TEST(occurrences(logged, "are refused with 507 until the disk has room: No space left on device") == 1u,
               logged);   // once, for five refusals
    BOOST_TEST(logged.find(" error ") == std::string::npos, logged);

    // Room again: PUTs work, new files and replacements.
    app.server.free_space();
    auto later = app.put(writer, "after.bin", content_of("after.bin"));
    BOOST_TEST(later.status == 201u, later.body);
    if (later.status == 201u) stored["after.bin"] = content_of("after.bin");
    BOOST_TEST(app.put(writer, first, content_of("replacement", 2 * file_bytes)).status == 204u);
    stored[first] = content_of("replacement", 2 * file_bytes);
    BOOST_TEST((app.ask(writer, "GET", "/uploads/" + first).body == stored[first]));
    BOOST_TEST((app.on_disk() == stored), "the uploads directory holds other files or bytes than were stored");
    BOOST_TEST(occurrences(read_file(app.log), "has room again: PUTs are stored") == 1u);

    ::kill(app.server.pid(), SIGTERM);
    BOOST_TEST(app.server.shell().wait_exit().value_or(-1) == 0);
}

// Any other failure to write (here a disk gone read-only) is the server's: 500, logged at error
// each time, nothing changed, and GETs go on.
BOOST_AUTO_TEST_CASE(other_write_errors_are_500_and_logged_each_time, *boost::unit_test::precondition(nsenter_found)) {
    homepage_on_a_small_disk app;
    tcp_client writer{app.port};
    BOOST_TEST(app.put(writer, "kept.txt", "kept").status == 201u);
    auto remount = app.server.run_inside(fmt::format("mount -o remount,ro {}", app.disk.string()));
    BOOST_TEST_REQUIRE(remount.status == 0, remount.out);
    for (auto name : {"kept.txt", "new.txt"}) {
        auto refused = app.put(writer, name, "changed");
        BOOST_TEST(refused.status == 500u, refused.head);
        BOOST_TEST(refused.body.find("The file could not be written.") != std::string::npos, refused.body);
    }
    BOOST_TEST(app.ask(writer, "GET", "/uploads/kept.txt").body == "kept");
    BOOST_TEST((app.on_disk() == std::map<std::string, std::string>{{"kept.txt", "kept"}}));
    auto logged = read_file(app.log);
    BOOST_TEST(occurrences(logged, "could not be stored: Read-only file system") == 2u, logged);
    BOOST_TEST(logged.find("refused with 507") == std::string::npos, logged);

    ::kill(app.server.pid(), SIGTERM);
    BOOST_TEST(app.server.shell().wait_exit().value_or(-1) == 0);
}
