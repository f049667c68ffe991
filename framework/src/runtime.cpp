#include <coronet/runtime.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <coronet/log.hpp>

namespace coronet {

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {
// An io_context whose pending work can be destroyed while it still exists, so that the
// runtime can destroy the work of all contexts before it destroys any context: work on one
// context may own objects of another (an accept on context 0 holds the socket it opens for
// context 1; a session on context 1 holds its server, whose acceptor is on context 0).
class owned_context : public asio::io_context {
public:
    using io_context::io_context;
    using execution_context::shutdown;
};
}  // namespace

struct runtime::impl {
    explicit impl(runtime_options opts) : options(opts) {
        if (options.threads == 0) options.threads = std::max(1u, std::thread::hardware_concurrency());
        for (unsigned i = 0; i < options.threads; ++i) {
            // One thread per context: handlers of one connection never run concurrently,
            // so sessions need no strands.
            contexts.push_back(std::make_unique<owned_context>(1));
            guards.emplace_back(asio::make_work_guard(*contexts.back()));
        }
        timer.emplace(*contexts[0]);
        if (options.handle_signals) {
            signals.emplace(*contexts[0], SIGINT, SIGTERM);
            wait_for_signal();
        }
    }

    void wait_for_signal() {
        signals->async_wait([this](boost::system::error_code ec, int signo) {
            if (ec) return;
            default_logger().info("signal {}: {}", signo, phase == phase_t::running ? "draining" : "forcing stop");
            if (phase == phase_t::running) begin_drain(); else force();
            wait_for_signal();
        });
    }

    std::vector<drainable*> services_snapshot() {
        std::lock_guard lock(mutex);
        return services;
    }

    // All of the following run on contexts[0].
    void begin_drain() {
        if (phase != phase_t::running) return;
        phase = phase_t::draining;
        stopping = true;
        for (auto* s : services_snapshot()) s->begin_drain();
        grace_deadline = std::chrono::steady_clock::now() + options.grace_period;
        poll();
    }

    void force() {
        if (phase == phase_t::forced || phase == phase_t::done) return;
        bool drained = phase == phase_t::draining;
        phase = phase_t::forced;
        stopping = true;
        for (auto* s : services_snapshot()) {
            if (!drained) s->begin_drain();     // services are asked to drain once, not once per phase
            s->force_close();
        }
        // Forced sessions unwind on their next step; give them a moment to do so.
        grace_deadline = std::chrono::steady_clock::now() + 2s;
        poll();
    }

    std::size_t active() {
        std::size_t n = 0;
        for (auto* s : services_snapshot()) n += s->active();
        return n;
    }

    // Polls while draining: cheap (only during shutdown) and needs no callbacks from sessions.
    void poll() {
        if (active() == 0) return finish();
        if (std::chrono::steady_clock::now() >= grace_deadline) {
            if (phase == phase_t::draining) {
                default_logger().warn("grace period over, {} still active: cancelling", active());
                force();
                return;
            }
            default_logger().warn("{} still active after cancellation: stopping anyway", active());
            return finish();
        }
        timer->expires_after(5ms);
        timer->async_wait([this](boost::system::error_code ec) {
            if (!ec) poll();
        });
    }

    void finish() {
        if (phase == phase_t::done) return;
        phase = phase_t::done;
        if (signals) signals->cancel();
        timer->cancel();
        for (auto& g : guards) g.reset();
        for (auto& c : contexts) c->stop();
    }

    enum class phase_t { running, draining, forced, done };

    runtime_options options;
    std::vector<std::unique_ptr<owned_context>> contexts;
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
    std::optional<asio::signal_set> signals;
    std::optional<asio::steady_timer> timer;
    std::chrono::steady_clock::time_point grace_deadline;
    phase_t phase = phase_t::running;
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::vector<drainable*> services;
};

runtime::runtime(runtime_options options) : impl_(std::make_unique<impl>(options)) {}

runtime::~runtime() {
    // The guards point into the contexts (a runtime that never ran still holds them).
    for (auto& g : impl_->guards) g.reset();
    impl_->signals.reset();
    impl_->timer.reset();
    // Destroy pending work (coroutine frames, operations) on every context before any context
    // is gone, since work on one context may own objects of another.
    for (auto it = impl_->contexts.rbegin(); it != impl_->contexts.rend(); ++it) (*it)->shutdown();
    for (auto it = impl_->contexts.rbegin(); it != impl_->contexts.rend(); ++it) it->reset();
}

std::size_t runtime::size() const { return impl_->contexts.size(); }
asio::io_context& runtime::context(std::size_t index) { return *impl_->contexts.at(index); }
asio::io_context& runtime::next_context() {
    return *impl_->contexts[impl_->next.fetch_add(1, std::memory_order_relaxed) % impl_->contexts.size()];
}
const runtime_options& runtime::options() const { return impl_->options; }
bool runtime::stopping() const { return impl_->stopping.load(); }

void runtime::run() {
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < impl_->contexts.size(); ++i)
        threads.emplace_back([ctx = impl_->contexts[i].get()] { ctx->run(); });
    impl_->contexts[0]->run();
    for (auto& t : threads) t.join();
}

void runtime::shutdown() {
    asio::post(*impl_->contexts[0], [i = impl_.get()] { i->begin_drain(); });
}

void runtime::stop() {
    asio::post(*impl_->contexts[0], [i = impl_.get()] { i->force(); });
}

void runtime::attach(drainable& service) {
    std::lock_guard lock(impl_->mutex);
    impl_->services.push_back(&service);
}

void runtime::detach(drainable& service) {
    std::lock_guard lock(impl_->mutex);
    std::erase(impl_->services, &service);
}

}  // namespace coronet
