#include "support/test_module.hpp"

#include <filesystem>

#include <boost/test/unit_test.hpp>

namespace coronet::testing {

namespace {

bool name_the_master_suite() {
    auto& suite = boost::unit_test::framework::master_test_suite();
    if (suite.argc > 0) suite.p_name.value = std::filesystem::path(suite.argv[0]).filename().string();
    return true;
}

}  // namespace

int run_test_module(int argc, char* argv[]) {
    return boost::unit_test::unit_test_main(&name_the_master_suite, argc, argv);
}

}  // namespace coronet::testing
