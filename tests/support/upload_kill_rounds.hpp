#pragma once
// The SIGKILL durability test of a server that stores uploads in one directory (coronet-files,
// the homepage's /uploads/), whatever its protocol. Rounds of: start the server, check that the
// directory holds exactly what it acknowledged before (and that it removed, and logged, the
// temporary files the last kill left), then stream uploads at it from several clients, each
// replacing one of a few names of its own, and kill it with SIGKILL at a random moment. Each
// upload in flight at the kill must be found whole or not at all.
//   upload_kill_rounds kills(dir / "served", dir, ".coronet-part-");
//   for (int start = 0; start < kills.starts(); ++start) {
//       (start the server, logging to kills.log_for(start))
//       kills.check_after_start(start);
//       if (kills.last(start)) break;
//       kills.kill_during_uploads(server, port, start, upload_one);
//   }
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <coronet/sha256.hpp>

#include "support/sigkill_rounds.hpp"
#include "support/test_support.hpp"

namespace coronet::testing {

class expected_files {
public:
    struct file {
        std::string sha256;
        std::uint64_t size = 0;
        bool operator==(const file&) const = default;
    };

    explicit expected_files(int writers) : in_flight_(static_cast<std::size_t>(writers)) {}

    // Writer `w` is about to send `content` as `name`.
    void sending(int w, std::string name, std::string_view content) {
        std::lock_guard lock(mutex_);
        in_flight_.at(static_cast<std::size_t>(w)) = upload{std::move(name), {sha256_hex(content), content.size()}};
    }
    // The server said it stored writer `w`'s upload.
    void acknowledged(int w) {
        std::lock_guard lock(mutex_);
        auto& sent = in_flight_.at(static_cast<std::size_t>(w));
        files_[sent->name] = sent->content;
        sent.reset();
    }

    // Once the writers have ended: each upload in flight must be in `dir` whole (its new bytes)
    // or not at all (the name's bytes before it, or no file). Whichever it is, it is expected
    // from here on. What was wrong, one line each; the count of uploads that had landed.
    std::pair<std::vector<std::string>, std::size_t> settle(const std::filesystem::path& dir) {
        std::lock_guard lock(mutex_);
        std::vector<std::string> problems;
        std::size_t landed = 0;
        for (auto& sent : in_flight_) {
            if (!sent) continue;
            auto now = state_of(dir / sent->name);
            auto known = files_.find(sent->name);
            auto before = known == files_.end() ? std::nullopt : std::optional<file>(known->second);
            if (now != before && now != sent->content) problems.push_back(sent->name + " is neither its old bytes nor its new ones");
            landed += now == sent->content && now != before;
            if (now) files_[sent->name] = *now;
            else files_.erase(sent->name);
            sent.reset();
        }
        return {problems, landed};
    }

    // What is wrong with `dir`, one line each: an expected file missing or changed, or a file
    // there that nobody stored (a temporary or half-written one).
    std::vector<std::string> check(const std::filesystem::path& dir) const {
        std::lock_guard lock(mutex_);
        std::vector<std::string> problems;
        for (const auto& [name, content] : files_)
            if (state_of(dir / name) != content) problems.push_back(name + " is missing or changed");
        for (const auto& entry : std::filesystem::directory_iterator(dir))
            if (!files_.contains(entry.path().filename().string()))
                problems.push_back(entry.path().filename().string() + " is there, but nobody stored it");
        return problems;
    }

    // The acknowledged files by name (sorted); call when no writer runs.
    const std::map<std::string, file>& files() const { return files_; }

    // How many names in `dir` start with `prefix` (0 when there is no `dir`).
    static std::size_t count_starting_with(const std::filesystem::path& dir, std::string_view prefix) {
        std::error_code ec;
        std::size_t n = 0;
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) n += entry.path().filename().string().starts_with(prefix);
        return n;
    }

    static std::optional<file> state_of(const std::filesystem::path& path) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
        auto bytes = read_file(path);
        return file{sha256_hex(bytes), bytes.size()};
    }

private:
    struct upload {
        std::string name;
        file content;
    };
    mutable std::mutex mutex_;
    std::map<std::string, file> files_;
    std::vector<std::optional<upload>> in_flight_;
};

// An upload's bytes: random, of a random size below 1 MiB (so several chunks, or none).
inline std::string random_upload(std::mt19937_64& random) {
    std::string content(random() % (1 << 20), '\0');
    for (auto& byte : content) byte = static_cast<char>(random());
    return content;
}

class upload_kill_rounds {
public:
    // Sends `content` as `name` on the client's connection; true once the server acknowledged it.
    using upload_function = std::function<bool(tcp_client&, const std::string& name, const std::string& content)>;

    // `dir`: where the server stores uploads; `logs`: where its logs go; `temp_prefix`: how the
    // names of its temporary files start. kill_rounds() kills (CORONET_KILL_ROUNDS, else 5).
    upload_kill_rounds(std::filesystem::path dir, std::filesystem::path logs, std::string temp_prefix, int writers = 3)
        : dir_(std::move(dir)), logs_(std::move(logs)), temp_prefix_(std::move(temp_prefix)), writers_(writers),
          rounds_(kill_rounds()), expected_(writers) {}

    ~upload_kill_rounds() {
        BOOST_TEST_MESSAGE(rounds_ << " kills; " << expected_.files().size() << " files checked after each restart; "
                                   << left_by_kills_ << " temporary files left by the kills, all removed at restart; "
                                   << landed_ << " uploads in flight had landed whole, the others left no trace");
    }

    // A start after each kill, and one before the first.
    int starts() const { return rounds_ + 1; }
    // The start after the last kill, which only checks.
    bool last(int start) const { return start == rounds_; }

    // Before start number `start`: the log file to give the server.
    std::filesystem::path log_for(int start) {
        left_ = expected_files::count_starting_with(dir_, temp_prefix_);
        left_by_kills_ += left_;
        return logs_ / fmt::format("server-{}.log", start);
    }

    // Once the server has started: the directory holds exactly what was acknowledged, and the
    // temporary files the last kill left were removed, logged.
    void check_after_start(int start) const {
        for (const auto& problem : expected_.check(dir_)) BOOST_TEST_ERROR("start " << start << ": " << problem);
        if (left_ > 0) {
            auto logged = read_file(logs_ / fmt::format("server-{}.log", start));
            BOOST_TEST(logged.find(fmt::format("removed {} temporary files", left_)) != std::string::npos, logged);
        }
    }

    // Streams uploads at the server on `port` and kills it with SIGKILL after a random number
    // of them were acknowledged; then the uploads in flight are settled.
    void kill_during_uploads(child_process& server, std::uint16_t port, int start, const upload_function& upload) {
        auto outcome = kill_during_writes(server, writers_, std::uniform_int_distribution<int>(2, 24)(rng_),
                                          [&](int w, std::atomic<int>& acknowledged) {
            tcp_client c{port};
            std::mt19937_64 random(static_cast<std::uint64_t>(start * writers_ + w));
            for (;;) {
                auto name = fmt::format("w{}-{}.bin", w, random() % 4);
                auto content = random_upload(random);
                expected_.sending(w, name, content);
                if (!upload(c, name, content)) return;   // the server died
                expected_.acknowledged(w);
                ++acknowledged;
            }
        });
        BOOST_TEST_REQUIRE(outcome.reached);
        BOOST_TEST(outcome.exit_status == 128 + SIGKILL);
        auto [problems, landed] = expected_.settle(dir_);
        for (const auto& problem : problems) BOOST_TEST_ERROR("round " << start << ": " << problem);
        landed_ += landed;
        BOOST_TEST_MESSAGE("round " << start << ": killed after " << outcome.acknowledged
                                    << " acknowledged uploads; of the uploads in flight, " << landed << " had landed");
    }

    // The acknowledged files by name (sorted).
    const std::map<std::string, expected_files::file>& files() const { return expected_.files(); }

private:
    std::filesystem::path dir_, logs_;
    std::string temp_prefix_;
    int writers_, rounds_;
    expected_files expected_;
    std::mt19937 rng_{20261122};
    std::size_t left_ = 0, left_by_kills_ = 0, landed_ = 0;
};

}  // namespace coronet::testing
