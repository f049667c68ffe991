#pragma once
// Levelled logging with fmt. A logger writes whole lines (one write each) to a FILE*,
// so lines from several threads never interleave.
#include <atomic>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace coronet {

enum class log_level { trace, debug, info, warn, error, off };

std::string_view to_string(log_level level);
std::optional<log_level> parse_log_level(std::string_view text);

class logger {
public:
    explicit logger(log_level level = log_level::info, std::FILE* sink = stderr);
    ~logger();
    logger(const logger&) = delete;
    logger& operator=(const logger&) = delete;

    void set_level(log_level level) { level_.store(level, std::memory_order_relaxed); }
    log_level level() const { return level_.load(std::memory_order_relaxed); }
    bool enabled(log_level level) const { return level >= this->level() && level != log_level::off; }

    // Sends lines to this file (appending) instead; throws std::system_error if it cannot be opened.
    void open_file(const std::string& path);
    void set_sink(std::FILE* sink);

    template <class... Args>
    void log(log_level level, fmt::format_string<Args...> format, Args&&... args) {
        if (enabled(level)) write(level, fmt::vformat(format, fmt::make_format_args(args...)));
    }
    template <class... Args>
    void debug(fmt::format_string<Args...> f, Args&&... a) { log(log_level::debug, f, std::forward<Args>(a)...); }
    template <class... Args>
    void info(fmt::format_string<Args...> f, Args&&... a) { log(log_level::info, f, std::forward<Args>(a)...); }
    template <class... Args>
    void warn(fmt::format_string<Args...> f, Args&&... a) { log(log_level::warn, f, std::forward<Args>(a)...); }
    template <class... Args>
    void error(fmt::format_string<Args...> f, Args&&... a) { log(log_level::error, f, std::forward<Args>(a)...); }

    void write(log_level level, std::string_view message);

private:
    std::atomic<log_level> level_;
    std::mutex mutex_;
    std::FILE* sink_;
    bool owns_sink_ = false;
};

// The logger servers use when their options name none. Apps configure it from flags.
logger& default_logger();

}  // namespace coronet
