#pragma once
// A one-line progress bar on a terminal: "\r[#########...........]  45%  91,000 / 203,645 lines".
// Silent when stderr is not a terminal (a log file, a test, a service manager).
#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace coronet_apps {

class progress_bar {
public:
    explicit progress_bar(std::string_view what) : what_(what), shown_(::isatty(STDERR_FILENO) == 1) {}
    ~progress_bar() {
        if (shown_ && drawn_) std::fputc('\n', stderr);
    }
    progress_bar(const progress_bar&) = delete;
    progress_bar& operator=(const progress_bar&) = delete;

    void update(std::size_t done, std::size_t total) {
        if (!shown_ || total == 0) return;
        constexpr std::size_t width = 30;
        auto filled = done >= total ? width : done * width / total;
        std::string bar(filled, '#');
        bar.append(width - filled, '.');
        std::fprintf(stderr, "\r%s [%s] %3zu%%  %zu / %zu", what_.c_str(), bar.c_str(), done * 100 / total, done, total);
        std::fflush(stderr);
        drawn_ = true;
    }

private:
    std::string what_;
    bool shown_;
    bool drawn_ = false;
};

}  // namespace coronet_apps
