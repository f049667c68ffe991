#pragma once
// A one-line progress bar on a terminal, redrawn in place at most ten times a second:
//   counts: "importing gcide [#########.....................]  31%  63000 / 203645"
//   bytes:  "put photo.jpg [#########.....................]  31%  8.4 MiB / 27.0 MiB  12.1 MiB/s  ETA 0:02"
// Silent when stderr is not a terminal (a log file, a pipe, a test, a service manager).
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace coronet_apps {

enum class progress_unit { count, bytes };

// "512 B", "1.5 KiB", "27.0 MiB", "3.2 GiB".
inline std::string human_bytes(double bytes) {
    constexpr const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    std::size_t unit = 0;
    while (bytes >= 1024 && unit + 1 < std::size(units)) {
        bytes /= 1024;
        ++unit;
    }
    return unit == 0 ? fmt::format("{:.0f} B", bytes) : fmt::format("{:.1f} {}", bytes, units[unit]);
}

// "0:07", "12:30", "1:02:03".
inline std::string clock_time(double seconds) {
    auto s = static_cast<std::uint64_t>(seconds + 0.5);
    if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    return fmt::format("{}:{:02}", s / 60, s % 60);
}

// The bar's text (without the "\r" that redraws it), `seconds` after the work began.
inline std::string progress_line(std::string_view what, progress_unit unit, std::uint64_t done, std::uint64_t total,
                                 double seconds) {
    constexpr std::uint64_t width = 30;
    auto filled = total == 0 || done >= total ? width : done * width / total;
    auto percent = total == 0 || done >= total ? 100 : done * 100 / total;
    std::string line = fmt::format("{} [{}{}] {:3}%  ", what, std::string(filled, '#'), std::string(width - filled, '.'), percent);
    if (unit == progress_unit::count) return line.append(fmt::format("{} / {}", done, total));
    line.append(fmt::format("{} / {}", human_bytes(static_cast<double>(done)), human_bytes(static_cast<double>(total))));
    if (seconds < 0.2 || done == 0) return line.append("  --/s  ETA --");   // too early to tell a rate
    double rate = static_cast<double>(done) / seconds;
    line.append(fmt::format("  {}/s", human_bytes(rate)));
    if (done < total) line.append(fmt::format("  ETA {}", clock_time(static_cast<double>(total - done) / rate)));
    else line.append(fmt::format("  in {}", clock_time(seconds)));
    return line;
}

class progress_bar {
public:
    explicit progress_bar(std::string_view what, progress_unit unit = progress_unit::count)
        : what_(what), unit_(unit), shown_(::isatty(STDERR_FILENO) == 1) {}
    ~progress_bar() {
        if (shown_ && drawn_ && !finished_) std::fputc('\n', stderr);
    }
    progress_bar(const progress_bar&) = delete;
    progress_bar& operator=(const progress_bar&) = delete;

    // The clock for the rate starts at the first call, so time spent before the work began
    // (connecting, the server hashing a file) does not count.
    void update(std::uint64_t done, std::uint64_t total) {
        if (!shown_ || finished_) return;
        auto now = clock::now();
        if (!started_) started_ = now;
        finished_ = done >= total;
        if (drawn_ && !finished_ && now - last_drawn_ < redraw_every) return;
        auto seconds = std::chrono::duration<double>(now - *started_).count();
        // "\x1b[K" clears what a longer earlier line left on the right; the final state gets its
        // own line, so a bar that follows starts on the next one.
        std::fprintf(stderr, "\r%s\x1b[K%s", progress_line(what_, unit_, done, total, seconds).c_str(), finished_ ? "\n" : "");
        std::fflush(stderr);
        drawn_ = true;
        last_drawn_ = now;
    }

private:
    using clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds redraw_every{100};

    std::string what_;
    progress_unit unit_;
    bool shown_;
    bool drawn_ = false;
    bool finished_ = false;
    std::optional<clock::time_point> started_;
    clock::time_point last_drawn_{};
};

}  // namespace coronet_apps
