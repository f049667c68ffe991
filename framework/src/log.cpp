#include <coronet/log.hpp>

#include <cerrno>
#include <chrono>
#include <ctime>
#include <system_error>

namespace coronet {

std::string_view to_string(log_level level) {
    switch (level) {
    case log_level::trace: return "trace";
    case log_level::debug: return "debug";
    case log_level::info: return "info";
    case log_level::warn: return "warn";
    case log_level::error: return "error";
    case log_level::off: return "off";
    }
    return "?";
}

std::optional<log_level> parse_log_level(std::string_view text) {
    for (auto l : {log_level::trace, log_level::debug, log_level::info, log_level::warn,
                   log_level::error, log_level::off})
        if (text == to_string(l)) return l;
    if (text == "warning") return log_level::warn;
    return std::nullopt;
}

logger::logger(log_level level, std::FILE* sink) : level_(level), sink_(sink) {}

logger::~logger() {
    if (owns_sink_) std::fclose(sink_);
}

void logger::open_file(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "a");
    if (!f) throw std::system_error(errno, std::generic_category(), "cannot open log file " + path);
    std::lock_guard lock(mutex_);
    if (owns_sink_) std::fclose(sink_);
    sink_ = f;
    owns_sink_ = true;
}

void logger::set_sink(std::FILE* sink) {
    std::lock_guard lock(mutex_);
    if (owns_sink_) std::fclose(sink_);
    sink_ = sink;
    owns_sink_ = false;
}

void logger::write(log_level level, std::string_view message) {
    using namespace std::chrono;
    auto now = system_clock::now();
    std::time_t seconds = system_clock::to_time_t(now);
    auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    std::string line = fmt::format("{}.{:03}Z {:5} {}\n", stamp, millis, to_string(level), message);
    std::lock_guard lock(mutex_);
    std::fwrite(line.data(), 1, line.size(), sink_);
    std::fflush(sink_);
}

logger& default_logger() {
    static logger instance;
    return instance;
}

}  // namespace coronet
