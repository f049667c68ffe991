#include <coronet/handlers/announcer.hpp>

#include <atomic>
#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <coronet/log.hpp>
#include <coronet/runtime.hpp>
#include <coronet/task.hpp>

namespace coronet::handlers {

namespace asio = boost::asio;
using asio::ip::udp;

struct announcer::state final : drainable, std::enable_shared_from_this<announcer::state> {
    state(runtime& r, announcer_options o, std::string text)
        : rt(r), options(std::move(o)), datagram(std::move(text)), log(options.log ? *options.log : default_logger()),
          socket(rt.context(0)), timer(rt.context(0)) {
        boost::system::error_code ec;
        auto address = asio::ip::make_address_v4(options.to, ec);
        if (ec) throw std::invalid_argument(std::string("announcer: the target is not an IPv4 address: ").append(options.to));
        if (options.port == 0) throw std::invalid_argument("announcer: no port");
        if (options.every <= std::chrono::milliseconds::zero()) throw std::invalid_argument("announcer: interval not positive");
        target = udp::endpoint(address, options.port);
        socket.open(udp::v4());
        socket.set_option(asio::socket_base::broadcast(true));   // sendto a broadcast address needs it
    }

    task<void> loop() {
        auto self = shared_from_this();
        for (;;) {
            auto [ec, n] = co_await socket.async_send_to(asio::buffer(datagram), target, asio::as_tuple(asio::use_awaitable));
            if (stopped) co_return;
            if (!ec) {
                sent.fetch_add(1, std::memory_order_relaxed);
                told_failure = false;
            } else if (!told_failure) {
                // No route to the broadcast address, say, until an interface comes up: said
                // once, then tried again quietly every interval.
                log.warn("announcer: sending to {}:{} failed: {}; trying again every {} ms", options.to, options.port,
                         ec.message(), options.every.count());
                told_failure = true;
            }
            timer.expires_after(options.every);
            co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));   // cancelled: stopped says so
            if (stopped) co_return;
        }
    }

    void stop() {
        asio::post(socket.get_executor(), [self = shared_from_this()] {
            self->stopped = true;
            self->timer.cancel();
            boost::system::error_code ignored;
            self->socket.close(ignored);
        });
    }
    void begin_drain() override { stop(); }
    void force_close() override { stop(); }
    std::size_t active() const override { return 0; }   // nothing to wait for: an announcement is fire-and-forget

    runtime& rt;
    announcer_options options;
    std::string datagram;
    logger& log;
    udp::socket socket;
    asio::steady_timer timer;
    udp::endpoint target;
    std::atomic<std::size_t> sent{0};
    bool stopped = false;
    bool told_failure = false;
};

announcer::announcer(runtime& rt, announcer_options options, announcement what)
    : state_(std::make_shared<state>(rt, std::move(options), format_announcement(what))) {
    rt.attach(*state_);
    asio::co_spawn(rt.context(0), state_->loop(), asio::detached);
}

announcer::~announcer() {
    state_->rt.detach(*state_);
    state_->stop();
}

std::size_t announcer::sent() const { return state_->sent.load(std::memory_order_relaxed); }

}  // namespace coronet::handlers
