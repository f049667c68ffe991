#include "detail/session_state.hpp"

#include <span>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace coronet::detail {

session_state::session_state(boost::asio::ip::tcp::socket s)
    : socket(std::move(s)), timer_(socket.get_executor()) {}

void session_state::expire_after(clock::duration d) {
    deadline_ = clock::now() + d;
    timed_out_ = false;
    if (!armed_ || deadline_ < armed_for_) arm();
}

void session_state::arm() {
    armed_ = true;
    armed_for_ = deadline_;
    timer_.expires_at(deadline_);
    // The handler owns the state: it may run after the session coroutine has ended.
    timer_.async_wait([self = shared_from_this(), generation = ++generation_](boost::system::error_code) {
        if (generation != self->generation_ || self->finished_) return;
        self->armed_ = false;
        if (self->deadline_ == clock::time_point::max()) return;
        if (clock::now() < self->deadline_) return self->arm();
        self->timed_out_ = true;
        boost::system::error_code ignored;
        self->socket.cancel(ignored);
    });
}

void session_state::drain() {
    draining_ = true;
    boost::system::error_code ignored;
    if (idle_) socket.cancel(ignored);
}

void session_state::force() {
    draining_ = true;
    cancel.emit(boost::asio::cancellation_type::terminal);
    boost::system::error_code ignored;
    socket.cancel(ignored);
}

task<boost::system::error_code> session_state::write_all(buffers data, clock::duration timeout) {
    namespace asio = boost::asio;
    auto& parts = data.parts;
    std::size_t first = 0, count = data.count;
    while (first < count) {
        if (parts[first].size() == 0) {
            ++first;
            continue;
        }
        expire_after(timeout);
        auto pending = std::span<const asio::const_buffer>(parts.data() + first, count - first);
        auto [ec, n] = co_await socket.async_write_some(pending, asio::as_tuple(asio::use_awaitable));
        if (ec) co_return (ec == asio::error::operation_aborted && timed_out_) ? asio::error::timed_out : ec;
        for (; n > 0 && first < count; ++first) {
            if (n < parts[first].size()) {
                parts[first] += n;
                break;
            }
            n -= parts[first].size();
        }
    }
    co_return boost::system::error_code{};
}

void session_state::finish() {
    finished_ = true;
    ++generation_;
    timer_.cancel();
}

}  // namespace coronet::detail
