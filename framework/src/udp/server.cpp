#include <coronet/udp/server.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <stdexcept>
#include <system_error>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <coronet/log.hpp>

#include "udp/datagram_batch.hpp"

namespace coronet::udp {

namespace asio = boost::asio;
using asio::ip::udp;
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

namespace {
// Datagrams read with one recvmmsg. Each has a slot of max_datagram bytes, so the default
// (64 KiB) reserves 1 MiB of address space; only the pages datagrams are written to get memory.
constexpr std::size_t batch_capacity = 16;
// After this many datagrams without a wait, the loop lets the rest of its context run (other
// servers' sessions, the runtime's shutdown): a flood must not starve them.
constexpr std::size_t datagrams_between_yields = 64;
}  // namespace

struct socket_state {
    explicit socket_state(asio::io_context& ctx) : socket(ctx) {}
    udp::socket socket;
};

namespace {
// Takes its arguments by value: a task starts only when awaited or spawned, so references
// and views passed by the caller (a temporary endpoint, "prefix" + payload) may be gone by then.
// The socket is non-blocking: the send is tried at once and waits only if the socket is full,
// which spares the round trip of an asynchronous completion through the scheduler.
task<void> send_datagram(std::shared_ptr<socket_state> socket, endpoint to, std::string data) {
    boost::system::error_code ec;
    socket->socket.send_to(asio::buffer(data), to, 0, ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again)
        co_await socket->socket.async_send_to(asio::buffer(data), to, asio::use_awaitable);
    else if (ec)
        throw boost::system::system_error(ec, "udp send");
}
}  // namespace

datagram::datagram(std::string payload, endpoint sender, std::size_t wire_size, std::shared_ptr<socket_state> socket)
    : payload_(std::move(payload)), sender_(std::move(sender)), wire_size_(wire_size), socket_(std::move(socket)) {}

task<void> datagram::reply(std::string_view data) const { return send_datagram(socket_, sender_, std::string(data)); }

struct server::state final : drainable, std::enable_shared_from_this<server::state> {
    state(runtime& r, server_options opts, datagram_handler h, responder respond)
        : rt(r),
          options(std::move(opts)),
          handler(std::move(h)),
          respond(std::move(respond)),
          log(options.log ? *options.log : default_logger()),
          socket(std::make_shared<socket_state>(rt.context(0))),
          slot_free(rt.context(0)) {
        options.max_in_flight = std::max<std::size_t>(options.max_in_flight, 1);   // 0 would never read
        auto address = asio::ip::make_address(options.address);
        udp::endpoint ep{address, options.port};
        auto& s = socket->socket;
        s.open(ep.protocol());
        // No SO_REUSEADDR: for UDP it lets a second socket bind the same port and silently take
        // its datagrams (there is no TIME_WAIT to get past). Sharing a port is what reuse_port is for.
        if (options.reuse_port)
            s.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>(true));
        if (options.broadcast) s.set_option(asio::socket_base::broadcast(true));
        if (address.is_v6() && address.to_v6().is_unspecified()) s.set_option(asio::ip::v6_only(false));
        s.bind(ep);
        s.non_blocking(true);   // reads and replies are tried at once; the loop waits only when told EAGAIN
        local = s.local_endpoint();
    }

    // Reads every datagram the socket holds (recvmmsg, a batch a call), hands each to the
    // handler, and waits for readability only once a read found the socket empty.
    task<void> receive_loop() {
        auto self = shared_from_this();
        udp_detail::receive_batch batch(respond ? batch_capacity : std::min(batch_capacity, options.max_in_flight),
                                        options.max_datagram);
        udp_detail::reply_batch replies;
        // False once a read found fewer datagrams than it asked for: the socket is most likely
        // empty, so the loop waits rather than spend a read on EAGAIN. (Each wait re-arms the
        // descriptor in epoll, so datagrams that are already queued still end it at once.)
        bool may_hold_more = true;
        std::size_t since_yield = 0;
        auto& s = socket->socket;
        for (;;) {
            if (draining) co_return;
            while (handler && in_flight.load(std::memory_order_relaxed) >= options.max_in_flight) {
                // Full: stop reading until a handler finishes; the kernel queue takes the rest.
                slot_free.expires_at(asio::steady_timer::time_point::max());
                co_await slot_free.async_wait(nothrow);
                if (draining) co_return;
            }
            if (!may_hold_more) {
                waiting_to_read = true;
                auto [ec] = co_await s.async_wait(udp::socket::wait_read, nothrow);
                waiting_to_read = false;
                if (draining || !s.is_open() || ec == asio::error::operation_aborted) co_return;
                may_hold_more = true;
                since_yield = 0;
            }
            std::size_t limit = respond ? batch.capacity()
                                        : std::min(batch.capacity(), options.max_in_flight - in_flight.load(std::memory_order_relaxed));
            int got = batch.receive(s.native_handle(), limit);
            if (got < 0) {
                int error = errno;
                if (!s.is_open()) co_return;
                // EAGAIN: empty. Anything else (an error the kernel queued for the socket) was
                // reported once; read again, after letting the context run.
                may_hold_more = error != EAGAIN && error != EWOULDBLOCK;
                if (may_hold_more) co_await asio::post(s.get_executor(), asio::use_awaitable);
                continue;
            }
            auto count = static_cast<std::size_t>(got);
            may_hold_more = count == limit;
            received.fetch_add(count, std::memory_order_relaxed);
            auto report = [this](const endpoint& to, int error) { refused(to, error); };
            bool socket_full = false;
            for (std::size_t i = 0; i < count; ++i) {
                dispatch(batch, i, replies);
                // Each reply leaves as soon as it is made, so a slow one does not hold back the
                // replies before it (sendmmsg of a whole batch measured no cheaper: the kernel's
                // work per datagram dominates). What the socket has no room for waits below.
                if (respond && !socket_full) socket_full = !replies.send(s.native_handle(), report);
            }
            if (respond) {
                while (!replies.send(s.native_handle(), report)) {
                    // The send buffer is full (rare): wait for room rather than read more.
                    auto [ec] = co_await s.async_wait(udp::socket::wait_write, nothrow);
                    if (ec || !s.is_open()) {
                        replies.clear();
                        in_flight.store(0, std::memory_order_relaxed);
                        if (!s.is_open() || ec == asio::error::operation_aborted) co_return;
                    }
                }
                in_flight.store(0, std::memory_order_relaxed);
            }
            if ((since_yield += count) >= datagrams_between_yields) {
                co_await asio::post(s.get_executor(), asio::use_awaitable);
                since_yield = 0;
            }
        }
    }

    void dispatch(const udp_detail::receive_batch& batch, std::size_t i, udp_detail::reply_batch& replies) {
        auto payload = batch.payload(i);
        std::size_t wire_size = batch.wire_size(i);
        const auto& sender = batch.sender(i);
        if (wire_size > payload.size() && !told_truncated) {
            log.warn("udp {}: datagram of {} bytes from {} cut to {} (further ones not logged)",
                     local.port(), wire_size, sender.address().to_string(), payload.size());
            told_truncated = true;
        }
        in_flight.fetch_add(1, std::memory_order_relaxed);
        if (!respond) {
            asio::co_spawn(socket->socket.get_executor(),
                           run_handler(datagram{std::string(payload), sender, wire_size, socket}), asio::detached);
            return;
        }
        try {
            if (auto reply = respond(datagram_view{payload, sender, wire_size})) replies.add(sender, std::move(*reply));
        } catch (const std::exception& e) {
            log.error("udp {}: handler failed: {}", local.port(), e.what());
        } catch (...) {
            log.error("udp {}: handler failed: unknown exception", local.port());
        }
    }

    void refused(const endpoint& to, int error) {
        log.error("udp {}: reply to {}:{} not sent: {}", local.port(), to.address().to_string(), to.port(),
                  std::generic_category().message(error));
    }

    task<void> run_handler(datagram d) {
        auto self = shared_from_this();
        try {
            co_await handler(std::move(d));
        } catch (const std::exception& e) {
            log.error("udp {}: handler failed: {}", local.port(), e.what());
        } catch (...) {
            // Not a std::exception, but the slot must still be given back, or the server
            // stops reading once max_in_flight such handlers have failed.
            log.error("udp {}: handler failed: unknown exception", local.port());
        }
        if (in_flight.fetch_sub(1, std::memory_order_relaxed) == options.max_in_flight) slot_free.cancel();
    }

    // Stops reading. Replies already computed still go out (active() counts them until then);
    // coroutine handlers in flight finish their own work.
    void begin_drain() override {
        asio::post(socket->socket.get_executor(), [self = shared_from_this()] {
            self->draining = true;
            boost::system::error_code ignored;
            if (self->waiting_to_read) self->socket->socket.cancel(ignored);
            self->slot_free.cancel();
        });
    }
    // Closing the socket fails the replies still waiting and those of handlers in flight.
    void force_close() override {
        asio::post(socket->socket.get_executor(), [self = shared_from_this()] {
            boost::system::error_code ignored;
            self->socket->socket.close(ignored);
        });
    }
    std::size_t active() const override { return in_flight.load(std::memory_order_relaxed); }

    runtime& rt;
    server_options options;
    datagram_handler handler;   // one of these two is set
    responder respond;
    logger& log;
    std::shared_ptr<socket_state> socket;
    asio::steady_timer slot_free;
    udp::endpoint local;
    std::atomic<std::size_t> in_flight{0};
    std::atomic<std::size_t> received{0};
    bool draining = false;
    bool waiting_to_read = false;
    bool told_truncated = false;
};

namespace {
void start(runtime& rt, const std::shared_ptr<server::state>& state) {
    if (!state->handler && !state->respond) throw std::invalid_argument("udp::server: no handler");
    rt.attach(*state);
    asio::co_spawn(rt.context(0), state->receive_loop(), asio::detached);
}
}  // namespace

server::server(runtime& rt, server_options options, datagram_handler handler)
    : state_(std::make_shared<state>(rt, std::move(options), std::move(handler), responder{})) {
    start(rt, state_);
}

server::server(runtime& rt, server_options options, responder respond)
    : state_(std::make_shared<state>(rt, std::move(options), datagram_handler{}, std::move(respond))) {
    start(rt, state_);
}

server::~server() {
    state_->rt.detach(*state_);
    state_->begin_drain();
}

endpoint server::local_endpoint() const { return state_->local; }
std::size_t server::in_flight() const { return state_->in_flight.load(); }
std::size_t server::received() const { return state_->received.load(); }

task<void> server::send_to(const endpoint& to, std::string_view data) {
    return send_datagram(state_->socket, to, std::string(data));
}

}  // namespace coronet::udp
