#pragma once
// The runtime: a pool of threads, each running its own io_context, and the graceful
// shutdown that SIGINT/SIGTERM start.
#include <chrono>
#include <cstddef>
#include <memory>

#include <boost/asio/io_context.hpp>

namespace coronet {

struct runtime_options {
    unsigned threads = 0;                                   // 0: one per hardware thread
    std::chrono::milliseconds grace_period{10'000};         // in-flight work may finish this long
    bool handle_signals = true;                             // SIGINT/SIGTERM: graceful; second one: force
};

// What the runtime drains on shutdown. Servers attach themselves; all calls come from
// the runtime's first context.
class drainable {
public:
    virtual void begin_drain() = 0;             // stop accepting, close idle connections
    virtual void force_close() = 0;             // cancel whatever is still running
    virtual std::size_t active() const = 0;     // connections or requests still running
protected:
    ~drainable() = default;
};

class runtime {
public:
    explicit runtime(runtime_options options = {});
    ~runtime();
    runtime(const runtime&) = delete;
    runtime& operator=(const runtime&) = delete;

    std::size_t size() const;                           // number of threads and io_contexts
    boost::asio::io_context& context(std::size_t index);
    boost::asio::io_context& next_context();            // round robin, to spread connections

    // Runs every context until a shutdown has drained (or was forced); the calling thread
    // is one of the pool. Returns at once if the runtime was already stopped.
    void run();
    void shutdown();    // begin the graceful shutdown, as SIGINT does; thread-safe
    void stop();        // cancel everything now, as a second SIGINT does; thread-safe
    bool stopping() const;

    void attach(drainable& service);
    void detach(drainable& service);

    const runtime_options& options() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace coronet
