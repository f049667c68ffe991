#include "detail/stream_service.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace coronet::detail {

namespace asio = boost::asio;
using namespace std::chrono_literals;
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

tcp::acceptor open_listener(asio::io_context& ctx, const listener_options& options) {
    auto address = asio::ip::make_address(options.address);
    tcp::endpoint endpoint{address, options.port};
    tcp::acceptor acceptor{ctx};
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    if (options.reuse_port)
        acceptor.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>(true));
    // "::" serves IPv4 too, as users of dual-stack hosts expect.
    if (address.is_v6() && address.to_v6().is_unspecified())
        acceptor.set_option(asio::ip::v6_only(false));
    acceptor.bind(endpoint);
    acceptor.listen(options.backlog);
    return acceptor;
}

stream_service::stream_service(runtime& rt, const listener_options& options)
    : rt_(rt),
      options_(options),
      log_(options.log ? *options.log : default_logger()),
      acceptor_(open_listener(rt.context(0), options)),
      endpoint_(acceptor_.local_endpoint()),
      sessions_(rt.size()) {}

stream_service::~stream_service() = default;

void stream_service::start() {
    rt_.attach(*this);
    attached_ = true;
    asio::co_spawn(rt_.context(0), accept_loop(), asio::detached);
}

void stream_service::stop() {
    if (!attached_.exchange(false)) return;
    rt_.detach(*this);
    begin_drain();
    force_close();
}

task<void> stream_service::accept_loop() {
    auto self = shared_from_this();
    std::size_t next = 0;
    bool told_full = false;
    for (;;) {
        std::size_t index = next++ % rt_.size();
        auto [ec, socket] = co_await acceptor_.async_accept(rt_.context(index), nothrow);
        if (ec) {
            if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
            if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
                ec == asio::error::no_memory) {
                // Out of file descriptors: back off instead of spinning on accept.
                log_.error("accept on {}: {}; pausing 50 ms", endpoint_.port(), ec.message());
                asio::steady_timer pause{acceptor_.get_executor(), 50ms};
                co_await pause.async_wait(nothrow);
            }
            continue;
        }
        bool full = open_.load(std::memory_order_relaxed) >= options_.max_connections;
        if (draining_ || full) {
            if (full && !told_full) log_.warn("port {}: {} connections, refusing more", endpoint_.port(), options_.max_connections);
            told_full = full;
            // Saying no costs a descriptor for up to a few seconds; past a bound, a flood of
            // connections is closed at once instead, so refusals cannot exhaust descriptors.
            if (refusing_.load(std::memory_order_relaxed) < max_refusing) {
                refusing_.fetch_add(1, std::memory_order_relaxed);
                co_spawn(socket.get_executor(), refuse_holding(self, std::move(socket)), asio::detached);
            }
            continue;
        }
        told_full = false;
        open_.fetch_add(1, std::memory_order_relaxed);
        auto session = std::make_shared<session_state>(std::move(socket));
        // The completion handler keeps the session alive: the coroutine's cancellation slot is
        // its `cancel`, and Asio still clears that slot after run_session's frame (and with it
        // the frame's reference) is gone. With asio::detached that was a use after free.
        auto& slot = session->cancel;
        asio::co_spawn(rt_.context(index), run_session(index, session),
                       asio::bind_cancellation_slot(slot.slot(), [keep = session](std::exception_ptr) {}));
    }
}

task<void> stream_service::run_session(std::size_t index, std::shared_ptr<session_state> session) {
    auto self = shared_from_this();
    auto& registry = sessions_[index];
    session->registry_position = registry.insert(registry.end(), session);
    // A drain or force posted before this session registered did not see it: catch up.
    if (forced_) session->force();
    else if (draining_) session->drain();
    try {
        co_await serve(session);
    } catch (const std::exception& e) {
        log_.debug("session ended: {}", e.what());
    } catch (...) {
        // Whatever was thrown, the session is over: skipping the cleanup below would leak the
        // connection (left open, counted as active) and hold up a drain until it is forced.
        log_.debug("session ended: unknown exception");
    }
    session->finish();
    registry.erase(session->registry_position);
    boost::system::error_code ignored;
    session->socket.close(ignored);
    open_.fetch_sub(1, std::memory_order_relaxed);
}

// The refusal runs on the socket's context, possibly after the server is gone (its drain
// posts are done and its accept loop has ended): it keeps the service alive itself.
task<void> stream_service::refuse_holding(std::shared_ptr<stream_service> self, tcp::socket socket) {
    try {
        co_await self->refuse(std::move(socket));
    } catch (const std::exception& e) {
        self->log_.debug("refusal ended: {}", e.what());
    }
    self->refusing_.fetch_sub(1, std::memory_order_relaxed);
}

task<void> stream_service::refuse(tcp::socket socket) {
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
    co_return;
}

void stream_service::for_each_session(void (session_state::*action)()) {
    for (std::size_t i = 0; i < sessions_.size(); ++i) {
        asio::post(rt_.context(i), [self = shared_from_this(), i, action] {
            for (auto& s : self->sessions_[i]) ((*s).*action)();
        });
    }
}

void stream_service::begin_drain() {
    draining_ = true;
    asio::post(rt_.context(0), [self = shared_from_this()] {
        boost::system::error_code ignored;
        self->acceptor_.close(ignored);
    });
    for_each_session(&session_state::drain);
}

void stream_service::force_close() {
    forced_ = true;
    for_each_session(&session_state::force);
}

}  // namespace coronet::detail
