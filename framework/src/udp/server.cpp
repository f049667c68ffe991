#include <coronet/udp/server.hpp>

#include <atomic>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <coronet/log.hpp>

namespace coronet::udp {

namespace asio = boost::asio;
using asio::ip::udp;
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

struct socket_state {
    explicit socket_state(asio::io_context& ctx) : socket(ctx) {}
    udp::socket socket;
};

namespace {
// Takes its arguments by value: a task starts only when awaited or spawned, so references
// and views passed by the caller (a temporary endpoint, "prefix" + payload) may be gone by then.
task<void> send_datagram(std::shared_ptr<socket_state> socket, endpoint to, std::string data) {
    co_await socket->socket.async_send_to(asio::buffer(data), to, asio::use_awaitable);
}
}  // namespace

datagram::datagram(std::string payload, endpoint sender, std::size_t wire_size, std::shared_ptr<socket_state> socket)
    : payload_(std::move(payload)), sender_(std::move(sender)), wire_size_(wire_size), socket_(std::move(socket)) {}

task<void> datagram::reply(std::string_view data) const { return send_datagram(socket_, sender_, std::string(data)); }

struct server::state final : drainable, std::enable_shared_from_this<server::state> {
    state(runtime& r, server_options opts, datagram_handler h)
        : rt(r),
          options(std::move(opts)),
          handler(std::move(h)),
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
        local = s.local_endpoint();
    }

    task<void> receive_loop() {
        auto self = shared_from_this();
        std::vector<char> buffer(options.max_datagram);
        udp::endpoint sender;
        bool told_truncated = false;
        for (;;) {
            while (in_flight.load(std::memory_order_relaxed) >= options.max_in_flight) {
                // Full: stop reading until a handler finishes; the kernel queue takes the rest.
                slot_free.expires_at(asio::steady_timer::time_point::max());
                co_await slot_free.async_wait(nothrow);
                if (draining) co_return;
            }
            // MSG_TRUNC makes Linux report the datagram's real size even when it was cut.
            auto [ec, n] = co_await socket->socket.async_receive_from(
                asio::buffer(buffer), sender, MSG_TRUNC, nothrow);
            if (draining) co_return;
            if (ec) {
                if (ec == asio::error::operation_aborted || !socket->socket.is_open()) co_return;
                continue;   // e.g. ICMP port unreachable from an earlier reply: not our problem
            }
            received.fetch_add(1, std::memory_order_relaxed);
            std::size_t kept = std::min(n, buffer.size());
            if (n > kept && !told_truncated) {
                log.warn("udp {}: datagram of {} bytes from {} cut to {} (further ones not logged)",
                         local.port(), n, sender.address().to_string(), kept);
                told_truncated = true;
            }
            in_flight.fetch_add(1, std::memory_order_relaxed);
            asio::co_spawn(socket->socket.get_executor(),
                           run_handler(datagram{std::string(buffer.data(), kept), sender, n, socket}),
                           asio::detached);
        }
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

    void begin_drain() override {
        asio::post(socket->socket.get_executor(), [self = shared_from_this()] {
            self->draining = true;
            boost::system::error_code ignored;
            self->socket->socket.cancel(ignored);
            self->slot_free.cancel();
        });
    }
    // Handlers in flight finish their own work; closing the socket fails their replies.
    void force_close() override {
        asio::post(socket->socket.get_executor(), [self = shared_from_this()] {
            boost::system::error_code ignored;
            self->socket->socket.close(ignored);
        });
    }
    std::size_t active() const override { return in_flight.load(std::memory_order_relaxed); }

    runtime& rt;
    server_options options;
    datagram_handler handler;
    logger& log;
    std::shared_ptr<socket_state> socket;
    asio::steady_timer slot_free;
    udp::endpoint local;
    std::atomic<std::size_t> in_flight{0};
    std::atomic<std::size_t> received{0};
    bool draining = false;
    bool attached = false;
};

server::server(runtime& rt, server_options options, datagram_handler handler)
    : state_(std::make_shared<state>(rt, std::move(options), std::move(handler))) {
    rt.attach(*state_);
    state_->attached = true;
    asio::co_spawn(rt.context(0), state_->receive_loop(), asio::detached);
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
