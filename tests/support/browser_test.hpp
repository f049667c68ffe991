#pragma once
// What the browser tests share (see cmake/coronet_browser_test.cmake): their main (in
// browser_test.cpp), which installs Playwright once or skips the test, and running their node
// script against Chromium.
//
// Playwright (the playwright-core package, which brings no browser of its own) is installed
// with npm into the build directory by the first browser test that runs, pinned to one
// version. Without node or chromium, or when the install fails, the test exits 77, which
// CTest reports as skipped (SKIP_RETURN_CODE), saying why.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace coronet::testing {

struct script_result {
    std::optional<int> status;      // std::nullopt: still running at the limit (then killed)
    std::string output;             // what the script printed, a line a step
};

// Runs `node SCRIPT PLAYWRIGHT_DIR CHROMIUM ARGS...` to its end, within `limit`.
script_result run_browser_script(const std::string& script, const std::vector<std::string>& args,
                                 std::chrono::seconds limit = std::chrono::seconds(150));

}  // namespace coronet::testing
