#pragma once
// How a test executable runs its Boost.Test cases. Every test shares one main
// (tests/support/test_main.cpp) instead of defining BOOST_TEST_MODULE, so that
// <boost/test/unit_test.hpp> can be in the tests' precompiled header: a test that needs its
// own main (one that may skip, say) calls run_test_module from it.

namespace coronet::testing {

// Runs the cases registered in this executable, its master suite named after the executable
// (argv[0]); returns Boost.Test's exit status.
int run_test_module(int argc, char* argv[]);

}  // namespace coronet::testing
