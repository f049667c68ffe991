// outage_log: a lasting failure is logged when it begins and when it ends, not at every failure.
#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <coronet/outage_log.hpp>

#include "support/test_support.hpp"

using namespace coronet;
using namespace coronet::testing;

BOOST_AUTO_TEST_CASE(each_outage_is_logged_once_when_it_begins_and_once_when_it_ends) {
    captured_log captured{log_level::info};
    outage_log disk{captured.log, "writes refused until the disk has room", "the disk has room again"};
    disk.succeeded();   // no outage yet: nothing to say
    BOOST_TEST(captured.text().empty());
    BOOST_TEST(!disk.down());

    disk.failed("No space left on device");
    disk.failed("a later error, not logged");
    BOOST_TEST(disk.down());
    disk.succeeded();
    disk.succeeded();
    disk.failed("Disk quota exceeded");
    auto text = captured.text();
    BOOST_TEST(occurrences(text, " warn  writes refused until the disk has room: No space left on device\n") == 1u, text);
    BOOST_TEST(occurrences(text, "a later error") == 0u, text);
    BOOST_TEST(occurrences(text, " info  the disk has room again\n") == 1u, text);
    BOOST_TEST(occurrences(text, "writes refused until the disk has room: Disk quota exceeded") == 1u, text);
    BOOST_TEST(text.find("No space") < text.find("room again"));
    BOOST_TEST(text.find("room again") < text.find("Disk quota"));
}

BOOST_AUTO_TEST_CASE(failures_racing_each_other_are_logged_once) {
    captured_log captured{log_level::info};
    outage_log disk{captured.log, "down", "up"};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&disk] {
            for (int i = 0; i < 1000; ++i) disk.failed("full");
        });
    for (auto& t : threads) t.join();
    BOOST_TEST(occurrences(captured.text(), "down: full") == 1u);
}
