// Every server app, started on a port another socket holds, says so and exits 1: no abort, no
// silent exit, no half-started server.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>

#include "support/test_support.hpp"

namespace asio = boost::asio;
using coronet::testing::run_program;

namespace {

// The app's stdout and stderr together, and its exit status.
coronet::testing::program_run run_merged(std::vector<std::string> argv) {
    argv.insert(argv.begin(), {"/bin/sh", "-c", "exec \"$0\" \"$@\" 2>&1"});
    return run_program(argv);
}

void check_refused(const coronet::testing::program_run& r) {
    BOOST_TEST(r.status == 1, r.out);
    BOOST_TEST(r.out.find("Address already in use") != std::string::npos, r.out);
    BOOST_TEST(r.out.find(" listening on ") == std::string::npos, r.out);
}

}  // namespace

BOOST_AUTO_TEST_CASE(tcp_and_http_servers) {
    asio::io_context ctx;
    asio::ip::tcp::acceptor taken(ctx, {asio::ip::make_address("127.0.0.1"), 0});
    auto port = std::to_string(taken.local_endpoint().port());
    coronet::testing::temp_directory dir;
    auto db = (dir.path() / "words.db").string();
    check_refused(run_merged({CORONET_ECHO_BIN, "--port", port}));
    check_refused(run_merged({CORONET_FILES_BIN, "--port", port, "--dir", (dir.path() / "files").string()}));
    check_refused(run_merged({CORONET_HOMEPAGE_BIN, "--port", port, "--db", db}));
    check_refused(run_merged({CORONET_DICTIONARY_BIN, "--db", db, "--http-port", port, "--udp-port", "off",
                              "--tcp-port", "off", "--dict-port", "off"}));
}

BOOST_AUTO_TEST_CASE(udp_servers) {
    asio::io_context ctx;
    asio::ip::udp::socket taken(ctx, {asio::ip::make_address("127.0.0.1"), 0});
    auto port = std::to_string(taken.local_endpoint().port());
    check_refused(run_merged({CORONET_CHAT_BIN, "--port", port}));
    coronet::testing::temp_directory dir;
    check_refused(run_merged({CORONET_DICTIONARY_BIN, "--db", (dir.path() / "words.db").string(), "--http-port", "off",
                              "--udp-port", port, "--tcp-port", "off", "--dict-port", "off"}));
}
