#include "support/browser_test.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <boost/test/unit_test.hpp>

#include "support/test_module.hpp"
#include "support/test_support.hpp"

namespace coronet::testing {

namespace {

namespace fs = std::filesystem;

constexpr int skipped = 77;   // SKIP_RETURN_CODE in cmake/coronet_browser_test.cmake
const fs::path playwright_dir = CORONET_PLAYWRIGHT_DIR;
const std::string playwright_package = std::string("playwright-core@") + CORONET_PLAYWRIGHT_VERSION;

bool is_program(const fs::path& p) { return fs::is_regular_file(p) && ::access(p.c_str(), X_OK) == 0; }

bool playwright_installed() {
    std::ifstream manifest(playwright_dir / "node_modules/playwright-core/package.json");
    std::string text(std::istreambuf_iterator<char>(manifest), {});
    return text.find(std::string("\"version\": \"") + CORONET_PLAYWRIGHT_VERSION + '"') != std::string::npos;
}

// Installs the pinned playwright-core into the build directory unless it is there; the
// reason it is not there otherwise.
std::optional<std::string> install_playwright() {
    if (playwright_installed()) return std::nullopt;
    fs::create_directories(playwright_dir);
    std::printf("installing %s into %s\n", playwright_package.c_str(), playwright_dir.c_str());
    std::fflush(stdout);
    child_process npm({CORONET_NPM_BIN, "install", "--prefix", playwright_dir.string(), "--no-audit", "--no-fund",
                       "--no-save", "--no-package-lock", "--loglevel=error", playwright_package});
    std::fputs(npm.read_all(std::chrono::seconds(100)).c_str(), stdout);
    auto status = npm.wait_exit(std::chrono::seconds(5));
    if (status != 0 || !playwright_installed())
        return "`npm install " + playwright_package + "` failed (exit " + (status ? std::to_string(*status) : "none: too slow") +
               ")";
    return std::nullopt;
}

// Why a browser test cannot run here, if it cannot.
std::optional<std::string> missing_prerequisite() {
    if (!is_program(CORONET_NODE_BIN)) return "node was not found when configuring (Debian: nodejs)";
    if (!is_program(CORONET_CHROMIUM_BIN)) return "chromium was not found when configuring (Debian: chromium)";
    if (!is_program(CORONET_NPM_BIN) && !playwright_installed()) return "npm was not found when configuring (Debian: npm)";
    return install_playwright();
}

}  // namespace

script_result run_browser_script(const std::string& script, const std::vector<std::string>& args, std::chrono::seconds limit) {
    std::vector<std::string> argv{CORONET_NODE_BIN, script, playwright_dir.string(), CORONET_CHROMIUM_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    child_process node(argv);
    script_result result;
    result.output = node.read_all(limit);
    result.status = node.wait_exit(std::chrono::seconds(10));
    return result;
}

}  // namespace coronet::testing

// A browser test's main: its Boost.Test cases when Chromium can be driven here, else 77 after
// printing why not.
int main(int argc, char* argv[]) {
    if (auto missing = coronet::testing::missing_prerequisite()) {
        std::printf("SKIPPED: the browser test needs node, npm (once) and chromium: %s\n", missing->c_str());
        return coronet::testing::skipped;
    }
    return coronet::testing::run_test_module(argc, argv);
}
