#pragma once
// A real full disk for a black-box test: a small tmpfs mounted in a user and mount namespace of
// its own (unshare -rm), seen only by what runs in that namespace, gone with it. Where such
// namespaces cannot be made (no unshare(1), or the kernel refuses), the cases needing one are
// left out with the reason (precondition(namespaces_allowed); the executable still passes).
// The test's CMake gives it the program:
//   coronet_test_uses_program(NAME unshare CORONET_UNSHARE_BIN)
//   BOOST_AUTO_TEST_CASE(full, *boost::unit_test::precondition(namespaces_allowed)) {
//       server_on_a_small_disk server(dir / "disk", "2m", "512K", "coronet-x --data-dir " + disk);
//       (fill the disk through the server)
//       server.free_space();   // the ballast removed: room again
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "support/test_support.hpp"

#ifndef CORONET_UNSHARE_BIN
#define CORONET_UNSHARE_BIN ""
#endif
#ifndef CORONET_NSENTER_BIN   // for server_on_a_small_disk::run_inside: coronet_test_uses_program(NAME nsenter ...)
#define CORONET_NSENTER_BIN ""
#endif

namespace coronet::testing {

// The argv running `script` with sh in a user and mount namespace of its own, where `disk` (an
// existing directory) is a tmpfs of `size` ("2m", "512k": mount(8)'s size=).
inline std::vector<std::string> on_a_small_disk(const std::filesystem::path& disk, std::string_view size,
                                                std::string_view script) {
    return {CORONET_UNSHARE_BIN, "-rm", "sh", "-c",
            fmt::format("mount -t tmpfs -o size={} none {} && {}", size, disk.string(), script)};
}

// A Boost.Test precondition: true where a tmpfs can be mounted in a namespace of our own.
inline boost::test_tools::assertion_result namespaces_allowed(boost::unit_test::test_unit_id) {
    boost::test_tools::assertion_result allowed(std::string_view(CORONET_UNSHARE_BIN) != "");
    if (!allowed) {
        allowed.message() << "unshare(1) was not found when configuring";
        return allowed;
    }
    temp_directory dir;
    auto probe = run_program({"/bin/sh", "-c", "exec \"$@\" 2>&1", "sh", CORONET_UNSHARE_BIN, "-rm", "sh", "-c",
                              fmt::format("mount -t tmpfs -o size=1m none {}", dir.path().string())});
    allowed = probe.status == 0;
    if (!allowed) allowed.message() << "no user and mount namespace here: " << probe.out;
    return allowed;
}

// A server (`command`, split into words by sh) started with `disk` a tmpfs of `size`, of which a
// ballast file takes `ballast` (head -c's size: "512K"), so that room can be made later. The
// server runs in the background of the namespace's shell, which prints "server PID" first (read
// here) and, once the server has exited, runs `after_exit` (copying files out of the tmpfs, say)
// and exits with the server's status. The server's stdout is the shell's: read it from shell().
class server_on_a_small_disk {
public:
    server_on_a_small_disk(std::filesystem::path disk, std::string_view size, std::string_view ballast,
                           std::string_view command, std::string_view after_exit = "true")
        : disk_(std::move(disk)), shell_(start(disk_, size, ballast, command, after_exit)) {
        auto line = shell_.wait_for_line("server ");
        BOOST_REQUIRE_MESSAGE(line, "the server did not start on its small disk");
        pid_ = std::stoi(line->substr(7));
    }
    // The shell's end (child_process kills it) would leave the server running, holding the
    // test's stdout open: the server goes first, unless the shell has seen it exit.
    ~server_on_a_small_disk() {
        if (pid_ > 0 && !shell_.wait_exit(std::chrono::milliseconds(0))) ::kill(pid_, SIGKILL);
    }
    server_on_a_small_disk(const server_on_a_small_disk&) = delete;
    server_on_a_small_disk& operator=(const server_on_a_small_disk&) = delete;

    child_process& shell() { return shell_; }
    int pid() const { return pid_; }
    // `path` (absolute, below the disk, say) as the server sees it, from outside the namespace:
    // through /proc/PID/root, where its mounts are seen.
    std::filesystem::path seen_by_server(const std::filesystem::path& path) const {
        return std::filesystem::path(fmt::format("/proc/{}/root", pid_)) / path.relative_path();
    }
    // Room on the disk, as an operator would make it: the ballast removed, from outside.
    void free_space() const { std::filesystem::remove(seen_by_server(disk_ / "ballast")); }
    // `script` run by sh in the server's namespaces (nsenter(1)), where its disk is mounted:
    // "mount -o remount,ro DISK", say. Needs CORONET_NSENTER_BIN.
    program_run run_inside(std::string_view script) const {
        return run_program({"/bin/sh", "-c", "exec \"$@\" 2>&1", "sh", CORONET_NSENTER_BIN, "-t", std::to_string(pid_), "-U",
                            "-m", "--preserve-credentials", "sh", "-c", std::string(script)});
    }

private:
    static child_process start(const std::filesystem::path& disk, std::string_view size, std::string_view ballast,
                               std::string_view command, std::string_view after_exit) {
        std::filesystem::create_directories(disk);
        return child_process(on_a_small_disk(
            disk, size,
            fmt::format("head -c {1} /dev/zero > {0}/ballast && "
                        "sh -c 'echo server $$; exec \"$@\"' sh {2} & wait $!; status=$?; {3}; exit $status",
                        disk.string(), ballast, command, after_exit)));
    }

    std::filesystem::path disk_;
    child_process shell_;   // the namespace's shell
    int pid_ = 0;           // the server's
};

}  // namespace coronet::testing
