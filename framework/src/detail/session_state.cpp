#include "detail/session_state.hpp"

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

void session_state::finish() {
    finished_ = true;
    ++generation_;
    timer_.cancel();
}

}  // namespace coronet::detail
