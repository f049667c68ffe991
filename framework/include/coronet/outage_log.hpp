#pragma once
// Logs a lasting failure, such as a full disk, when it begins and when it ends rather than at
// every operation it fails: a stream of refused writes would otherwise fill the log (each is
// in the access log anyway).
//   coronet::outage_log disk{coronet::default_logger(), "uploads: refused with 507 until the disk has room",
//                            "uploads: the disk has room again"};
//   disk.failed(error_text);   // at warn: "uploads: refused with 507 until the disk has room: <error_text>"
//   disk.succeeded();          // at info, and only after a failure
// Safe to call from several threads; of failures racing each other, one is logged.
#include <atomic>
#include <string>
#include <string_view>
#include <utility>

#include <coronet/log.hpp>

namespace coronet {

class outage_log {
public:
    outage_log(logger& log, std::string began, std::string ended)
        : log_(log), began_(std::move(began)), ended_(std::move(ended)) {}

    // The operation failed: logged (at warn, with `why`) unless the outage is already logged.
    void failed(std::string_view why) {
        if (!down_.exchange(true)) log_.warn("{}: {}", began_, why);
    }
    // The operation worked: the end of an outage is logged (at info); otherwise nothing is.
    void succeeded() {
        if (down_.load(std::memory_order_relaxed) && down_.exchange(false)) log_.info("{}", ended_);
    }
    bool down() const { return down_.load(std::memory_order_relaxed); }

private:
    logger& log_;
    std::string began_, ended_;
    std::atomic<bool> down_{false};
};

}  // namespace coronet
