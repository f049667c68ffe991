// UDP broadcast for real, between hosts on one segment: three network namespaces whose veth
// links meet at a bridge in a fourth, as three machines on one switch. The test makes them and
// removes them; they are not connected to this machine's own interfaces, so nothing it sends
// leaves them. One host broadcasts and the others hear; coronet-dictionary --announce on one
// host is found by coronet-broadcast discover on another, and answers a lookup there.
//
// Needs root (creating namespaces needs CAP_SYS_ADMIN, links CAP_NET_ADMIN) and iproute2's
// `ip`: without them the test says why and exits 77, which CTest reports as skipped.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "support/test_module.hpp"
#include "support/test_support.hpp"

using namespace coronet::testing;

namespace {

constexpr int skipped = 77;   // SKIP_RETURN_CODE in apps/broadcast/CMakeLists.txt

std::string find_ip() {
    for (const char* dir : {"/usr/sbin", "/sbin", "/usr/bin", "/bin"})
        if (std::filesystem::exists(std::filesystem::path(dir) / "ip")) return std::string(dir) + "/ip";
    return {};
}
const std::string ip = find_ip();

void must(const std::vector<std::string>& argv) {
    auto r = run_program(argv);
    if (r.status != 0) {
        std::string line;
        for (const auto& a : argv) line.append(a).append(" ");
        throw std::runtime_error(fmt::format("{}failed (exit {})", line, r.status));
    }
}

// Hosts 1..3 in namespaces cnb<pid>-h1..h3, 10.213.7.1-3/24, each with a default route out of
// its one link (so 255.255.255.255 has a way out too), and the bridge in cnb<pid>-br.
class segment {
public:
    static constexpr int hosts = 3;

    segment() : prefix_(fmt::format("cnb{}", ::getpid())) {
        try {
            must({ip, "netns", "add", bridge()});
            must({ip, "-n", bridge(), "link", "add", "br0", "type", "bridge"});
            must({ip, "-n", bridge(), "link", "set", "br0", "up"});
            for (int i = 1; i <= hosts; ++i) {
                must({ip, "netns", "add", host(i)});
                auto port = fmt::format("port{}", i);
                must({ip, "-n", host(i), "link", "add", "eth0", "type", "veth", "peer", "name", port, "netns", bridge()});
                must({ip, "-n", bridge(), "link", "set", port, "master", "br0", "up"});
                must({ip, "-n", host(i), "addr", "add", address(i) + "/24", "broadcast", broadcast, "dev", "eth0"});
                must({ip, "-n", host(i), "link", "set", "eth0", "up"});
                must({ip, "-n", host(i), "link", "set", "lo", "up"});
                must({ip, "-n", host(i), "route", "add", "default", "dev", "eth0"});
            }
        } catch (...) {
            remove();
            throw;
        }
    }
    ~segment() { remove(); }
    segment(const segment&) = delete;
    segment& operator=(const segment&) = delete;

    static constexpr const char* broadcast = "10.213.7.255";
    static std::string address(int i) { return fmt::format("10.213.7.{}", i); }

    // `argv` run on host i.
    std::vector<std::string> on(int i, std::vector<std::string> argv) const {
        argv.insert(argv.begin(), {ip, "netns", "exec", host(i)});
        return argv;
    }

private:
    std::string bridge() const { return prefix_ + "-br"; }
    std::string host(int i) const { return fmt::format("{}-h{}", prefix_, i); }
    // Deleting a namespace deletes its links (a veth pair goes with either end).
    void remove() noexcept {
        for (int i = 1; i <= hosts; ++i) run_program({ip, "netns", "del", host(i)});
        run_program({ip, "netns", "del", bridge()});
    }

    std::string prefix_;
};

}  // namespace

BOOST_AUTO_TEST_CASE(every_host_on_the_segment_hears_a_broadcast) {
    segment lan;
    // Fixed ports: each namespace has ports of its own.
    child_process two(lan.on(2, {CORONET_BROADCAST_BIN, "listen", "--port", "9005", "--count", "1", "--for", "30"}));
    child_process three(lan.on(3, {CORONET_BROADCAST_BIN, "listen", "--port", "9005", "--count", "1", "--for", "30"}));
    BOOST_REQUIRE(two.wait_for_line("udp listening on 0.0.0.0:9005"));
    BOOST_REQUIRE(three.wait_for_line("udp listening on 0.0.0.0:9005"));
    // A new link may take a moment to pass traffic: send a few, each listener stops at the first.
    child_process sender(lan.on(1, {CORONET_BROADCAST_BIN, "send", "hello, segment", "--to", segment::broadcast,
                                    "--port", "9005", "--count", "50", "--interval", "0.1"}));
    for (auto* listener : {&two, &three}) {
        auto heard = listener->wait_for_line("from " + segment::address(1) + ":", std::chrono::seconds(15));
        BOOST_REQUIRE(heard);
        BOOST_TEST(heard->ends_with(": hello, segment"), *heard);
    }
}

BOOST_AUTO_TEST_CASE(discover_finds_an_app_on_another_host_and_it_answers) {
    segment lan;
    temp_directory dir;
    // The default target, 255.255.255.255, goes out of the default route: onto the segment.
    child_process app(lan.on(1, {CORONET_DICTIONARY_BIN, "--db", (dir.path() / "words.db").string(), "--bind", "0.0.0.0",
                                 "--http-port", "8081", "--udp-port", "8888", "--tcp-port", "off", "--dict-port", "off",
                                 "--log-level", "warn", "--announce", "--announce-every", "0.2"}));
    BOOST_REQUIRE(app.wait_for_line("http listening on 0.0.0.0:8081"));
    BOOST_REQUIRE(app.wait_for_line("udp listening on 0.0.0.0:8888"));

    auto found = run_program(lan.on(2, {CORONET_BROADCAST_BIN, "discover", "--for", "2"}), std::chrono::seconds(20));
    BOOST_TEST(found.status == 0);
    BOOST_TEST(found.out.find(segment::address(1) + "\t") == 0u, found.out);
    BOOST_TEST(found.out.find("\tcoronet-dictionary\thttp\t8081\n") != std::string::npos, found.out);
    BOOST_TEST(found.out.find("\tcoronet-dictionary\tudp\t8888\n") != std::string::npos, found.out);

    // What was found is reachable: host 2 looks a word up at the announced address and port.
    auto lookup = run_program(lan.on(2, {CORONET_DICT_BIN, "--via", "udp", "--host", segment::address(1), "--port",
                                         "8888", "lookup", "hello"}));
    BOOST_TEST(lookup.status == 0);
    BOOST_TEST(lookup.out.starts_with("hello: "), lookup.out);
}

int main(int argc, char* argv[]) {
    if (::geteuid() != 0) {
        std::puts("skipped: creating network namespaces needs root");
        return skipped;
    }
    if (ip.empty()) {
        std::puts("skipped: iproute2's ip is not installed (scripts/install-deps.sh installs it)");
        return skipped;
    }
    auto probe = fmt::format("cnb{}-probe", ::getpid());
    if (run_program({ip, "netns", "add", probe}).status != 0) {
        std::puts("skipped: `ip netns add` failed here (no CAP_SYS_ADMIN, or a kernel without namespaces)");
        return skipped;
    }
    run_program({ip, "netns", "del", probe});
    return coronet::testing::run_test_module(argc, argv);
}
