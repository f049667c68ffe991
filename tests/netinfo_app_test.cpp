// coronet-netinfo, the real binary: each command's output and exit status. Names are resolved
// from /etc/hosts only (localhost, address literals): nothing is asked of a DNS server.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include <coronet/net/netinfo.hpp>

#include "support/test_support.hpp"

namespace {

coronet::testing::program_run run(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), CORONET_NETINFO_BIN);
    return coronet::testing::run_program(arguments);
}

}  // namespace

BOOST_AUTO_TEST_CASE(hostname) {
    auto o = run({"hostname"});
    BOOST_TEST(o.status == 0);
    BOOST_TEST(o.out == coronet::net::host_name() + "\n");
}

BOOST_AUTO_TEST_CASE(resolve_prints_each_address) {
    auto o = run({"resolve", "localhost", "::1"});
    BOOST_TEST(o.status == 0);
    BOOST_TEST(o.out.find("localhost\tipv4\t127.0.0.1\n") != std::string::npos, o.out);
    BOOST_TEST(o.out.find("::1\tipv6\t::1\n") != std::string::npos, o.out);
    BOOST_TEST(run({"resolve", ""}).status == 1);
}

BOOST_AUTO_TEST_CASE(service_both_ways) {
    auto o = run({"service", "http", "22"});
    BOOST_TEST(o.status == 0);
    BOOST_TEST(o.out == "http\t80/tcp\n22/tcp\tssh\n");
    BOOST_TEST(run({"--protocol", "udp", "service", "domain"}).out == "domain\t53/udp\n");
    auto miss = run({"service", "http", "no-such-service"});
    BOOST_TEST(miss.status == 1);
    BOOST_TEST(miss.out == "http\t80/tcp\n");   // the found one is still printed
}

BOOST_AUTO_TEST_CASE(address_bytes_both_ways) {
    auto o = run({"to-bytes", "192.168.1.2", "::1"});
    BOOST_TEST(o.status == 0);
    BOOST_TEST(o.out == "192.168.1.2\tc0a80102\n::1\t00000000000000000000000000000001\n");
    BOOST_TEST(run({"from-bytes", "c0a80102"}).out == "c0a80102\t192.168.1.2\n");
    BOOST_TEST(run({"from-bytes", "c0a801"}).status == 1);
    BOOST_TEST(run({"from-bytes", "zz000000"}).status == 1);
    BOOST_TEST(run({"to-bytes", "1.2.3"}).status == 1);
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2) {
    BOOST_TEST(run({}).status == 2);
    BOOST_TEST(run({"frobnicate", "x"}).status == 2);
    BOOST_TEST(run({"resolve"}).status == 2);
    BOOST_TEST(run({"--protocol", "sctp", "service", "http"}).status == 2);
    BOOST_TEST(run({"--no-such-flag"}).status == 2);
    auto help = run({"--help"});
    BOOST_TEST(help.status == 0);
    BOOST_TEST(help.out.find("coronet-netinfo resolve HOST") != std::string::npos);
}
