// The main of every test executable that does not need one of its own (coronet_add_test).
#include "support/test_module.hpp"

int main(int argc, char* argv[]) { return coronet::testing::run_test_module(argc, argv); }
