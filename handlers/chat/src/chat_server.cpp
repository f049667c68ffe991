#include <coronet/handlers/chat_server.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <coronet/log.hpp>

namespace coronet::handlers {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using deliveries = std::vector<chat_delivery>;

struct chat_server::state final : drainable, std::enable_shared_from_this<chat_server::state> {
    state(runtime& r, const chat_options& chat)
        : rt(r), room(chat), log(chat.log ? *chat.log : default_logger()), sweeper(rt.context(0)) {}

    // Sends each datagram in turn; one the kernel refuses does not stop the others.
    task<void> send(deliveries out) {
        for (const auto& d : out) {
            try {
                co_await server->send_to(d.to, d.text);
            } catch (const std::exception& e) {
                log.warn("chat: datagram to {}:{} not sent: {}", d.to.address().to_string(), d.to.port(), e.what());
            }
        }
    }

    template <class Change>
    deliveries with_room(Change change) {
        std::lock_guard lock(mutex);
        return change(room);
    }

    void begin_drain() override {
        stopped = true;
        sweeper.cancel();
        auto goodbyes = with_room([](chat_room& r) { return r.close(); });
        if (goodbyes.empty()) return;
        farewells.fetch_add(1);
        asio::co_spawn(rt.context(0), say_goodbye(shared_from_this(), std::move(goodbyes)), asio::detached);
    }
    void force_close() override { sweeper.cancel(); }
    std::size_t active() const override { return farewells.load(); }

    static task<void> say_goodbye(std::shared_ptr<state> self, deliveries goodbyes) {
        co_await self->send(std::move(goodbyes));
        self->farewells.fetch_sub(1);
    }

    runtime& rt;
    std::mutex mutex;       // handlers and the sweep run on context 0 today; the room must not depend on it
    chat_room room;
    logger& log;
    asio::steady_timer sweeper;
    std::optional<udp::server> server;
    std::atomic<std::size_t> farewells{0};
    bool stopped = false;   // touched on context 0 only
};

namespace {

using clock = chat_room::clock;

// Arguments by value: the task starts after the caller's datagram is gone.
task<void> handle_datagram(std::weak_ptr<chat_server::state> weak, udp::datagram d) {
    auto self = weak.lock();
    if (!self) co_return;
    auto out = self->with_room([&](chat_room& r) { return r.receive(d.payload(), d.wire_size(), d.sender(), clock::now()); });
    co_await self->send(std::move(out));
}

task<void> sweep_regularly(std::shared_ptr<chat_server::state> self, std::chrono::milliseconds period) {
    for (;;) {
        self->sweeper.expires_after(period);
        auto [ec] = co_await self->sweeper.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec || self->stopped) co_return;
        auto out = self->with_room([](chat_room& r) { return r.sweep(clock::now()); });
        co_await self->send(std::move(out));
    }
}

}  // namespace

chat_server::chat_server(runtime& rt, udp::server_options udp, chat_options chat)
    : state_(std::make_shared<state>(rt, chat)) {
    // Room for "SAY " + the longest message + a line end; a longer datagram arrives cut and
    // its size as sent tells the room it is too long.
    udp.max_datagram = std::max(chat.max_message_bytes, chat.max_name_bytes) + 64;
    if (!udp.log) udp.log = chat.log;
    std::weak_ptr<state> weak = state_;
    state_->server.emplace(rt, std::move(udp), [weak](udp::datagram d) { return handle_datagram(weak, std::move(d)); });
    rt.attach(*state_);
    auto period = std::max<std::chrono::milliseconds>(chat.timeout / 4, 10ms);
    asio::co_spawn(rt.context(0), sweep_regularly(state_, period), asio::detached);
}

chat_server::~chat_server() {
    state_->rt.detach(*state_);
    // The sweep holds the state: end it if the runtime still runs (else the runtime's end does).
    asio::post(state_->rt.context(0), [s = state_] {
        s->stopped = true;
        s->sweeper.cancel();
    });
}

udp::endpoint chat_server::local_endpoint() const { return state_->server->local_endpoint(); }

}  // namespace coronet::handlers
